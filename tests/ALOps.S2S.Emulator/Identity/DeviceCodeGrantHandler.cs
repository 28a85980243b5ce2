using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>Token polling with <c>grant_type=urn:ietf:params:oauth:grant-type:device_code</c> (RFC 8628 §3.4).</summary>
public sealed class DeviceCodeGrantHandler(UserSignIn userSignIn)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public JsonObject Handle(WorldState world, TokenRequest request)
    {
        var deviceCode = request.Required("device_code");
        var clientId = request.RequiredClientId();
        if (!world.DeviceCodes.TryGetValue(deviceCode, out var grant) || !string.Equals(grant.ClientId.ToString(), clientId, StringComparison.OrdinalIgnoreCase))
            throw Aadsts.BadVerificationCode();
        if (grant.Redeemed) throw Aadsts.DeviceCodeAlreadyRedeemed();
        if (world.Now >= grant.ExpiresAt) throw Aadsts.DeviceCodeExpired();
        if (grant.ApprovedUser is not { } userName) throw Aadsts.AuthorizationPending();

        var requestedTenant = TenantSegment.Resolve(world, grant.TenantSegment, allowMultiTenant: true);
        var userTenant = world.FindTenantOfUser(userName);
        var user = userTenant?.FindUser(userName);
        var tenant = requestedTenant ?? userTenant;
        // A delegated admin may sign in to the customer tenant directly (tenant-specific device code request).
        var delegated = user is not null && tenant is not null && tenant != userTenant && tenant.IsDelegatedAdmin(user.Id);
        if (user is null || tenant is null || (tenant != userTenant && !delegated))
            throw Aadsts.UserNotFound(userName, tenant?.DisplayName ?? grant.TenantSegment);
        var actingUser = delegated ? tenant.FindActingUser(user.Id)! : user;

        var application = world.FindApplicationByAppId(grant.ClientId) ?? throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);
        // A confidential app without "Allow public client flows" must authenticate; the device flow cannot.
        if (!application.IsPublicClient) throw Aadsts.MissingClientCredential();

        var response = userSignIn.Complete(world, tenant, actingUser, application, ScopeRequest.Parse(grant.Scope), request.AuthorityHost,
            request.WantsClientInfo, userTenant);
        grant.Redeemed = true;
        return response;
    }
}
