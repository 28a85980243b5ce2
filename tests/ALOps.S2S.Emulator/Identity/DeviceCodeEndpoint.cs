using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/devicecode</c> (RFC 8628 device authorization). With auto-approve on (the default)
/// the code is approved at once as <c>deviceCodeUser</c>; otherwise polling answers <c>authorization_pending</c>
/// until <c>POST /control/devicecode/approve</c>.
/// </summary>
public sealed class DeviceCodeEndpoint(DirectoryStore store)
{
    public const string VerificationUri = "https://microsoft.com/devicelogin";
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ23456789";

    public async Task HandleAsync(HttpContext context, string tenant)
    {
        try
        {
            if (!context.Request.HasFormContentType) throw Aadsts.MissingParameter("client_id");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var clientId = form["client_id"].ToString();
            RequestLog.Annotate(context, clientId, null);
            if (clientId.Length == 0) throw Aadsts.MissingParameter("client_id");
            var scope = form["scope"].ToString();
            if (scope.Length == 0) throw Aadsts.MissingParameter("scope");

            var response = store.Run(world => Start(world, tenant, clientId, scope));
            await JsonResults.WriteAsync(context, StatusCodes.Status200OK, response);
        }
        catch (AadstsException failure)
        {
            await AadstsErrorWriter.WriteAsync(context, failure.Error, store.Clock.GetUtcNow());
        }
    }

    private static JsonObject Start(WorldState world, string tenantSegment, string clientId, string scope)
    {
        var tenant = TenantSegment.Resolve(world, tenantSegment, allowMultiTenant: true);
        ScopeRequest.Parse(scope);
        var directoryName = tenant?.DisplayName ?? tenantSegment;
        if (!Guid.TryParse(clientId, out var appId)) throw Aadsts.ClientNotFound(clientId, directoryName);
        var application = world.FindApplicationByAppId(appId);
        if (application is null || !world.IsReplicated(application.ReplicatedAt)) throw Aadsts.ClientNotFound(clientId, directoryName);
        if (tenant is not null && application.OwnerTenantId != tenant.Id && application.SignInAudience == "AzureADMyOrg")
            throw Aadsts.ClientNotFound(clientId, directoryName);

        var settings = world.Settings;
        var grant = new DeviceCodeGrant
        {
            DeviceCode = Base64Url.Encode(RandomNumberGenerator.GetBytes(48)),
            UserCode = RandomNumberGenerator.GetString(UserCodeAlphabet, 9),
            ClientId = appId,
            TenantSegment = tenantSegment,
            Scope = scope,
            ExpiresAt = world.Now.AddSeconds(settings.DeviceCodeLifetimeSeconds),
            ApprovedUser = settings.DeviceCodeAutoApprove ? settings.DeviceCodeUser : null,
        };
        world.DeviceCodes[grant.DeviceCode] = grant;

        return new JsonObject
        {
            ["user_code"] = grant.UserCode,
            ["device_code"] = grant.DeviceCode,
            ["verification_uri"] = VerificationUri,
            ["expires_in"] = settings.DeviceCodeLifetimeSeconds,
            ["interval"] = settings.DeviceCodeIntervalSeconds,
            ["message"] = $"To sign in, use a web browser to open the page {VerificationUri} and enter the code {grant.UserCode} to authenticate.",
        };
    }
}
