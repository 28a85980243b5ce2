using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The Admin Center API's single entry (<c>/admin/{apiVersion}/...</c>): checks the version, validates the token,
/// dispatches inside the world lock, and writes the answer or the flat Admin Center error object.
/// </summary>
public sealed partial class AdminCenterService(DirectoryStore store, BcTokenValidator tokens)
{
    public async Task HandleAsync(HttpContext context, string version, string? path)
    {
        try
        {
            var latest = store.Run(world => world.Settings.AdminCenterLatestApiVersion);
            if (!IsVersion(version) || (latest is not null && Minor(version) > Minor(latest))) throw AdminCenterErrors.UnsupportedApiVersion(version);
            var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            var method = context.Request.Method;
            var serviceHost = $"{context.Request.Scheme}://{context.Request.Host}";
            var result = store.Run(world =>
            {
                BcCaller caller;
                try
                {
                    caller = tokens.Validate(world, context.Request);
                }
                catch (BcTokenRejectedException rejected)
                {
                    throw AdminCenterErrors.Unauthorized(rejected.Message);
                }
                RequestLog.Annotate(context, caller.ClientAppId.ToString(), null);
                return Dispatch(world, caller, method, segments, serviceHost);
            });
            await WriteAsync(context, result.StatusCode, result.Body);
        }
        catch (AdminCenterException failure)
        {
            var error = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message };
            if (failure.Target is not null) error["target"] = failure.Target;
            await WriteAsync(context, failure.StatusCode, error);
        }
    }

    private static AdminCenterResult Dispatch(WorldState world, BcCaller caller, string method, string[] path, string serviceHost) => (method, path) switch
    {
        ("GET", ["authorizedAadApps"]) => AuthorizedAadAppsResource.List(caller),
        ("GET", ["authorizedAadApps", "manageableTenants"]) => AuthorizedAadAppsResource.ManageableTenants(world, caller),
        ("PUT", ["authorizedAadApps", var appId]) => AuthorizedAadAppsResource.Authorize(caller, appId),
        ("DELETE", ["authorizedAadApps", var appId]) => AuthorizedAadAppsResource.Remove(caller, appId),
        ("GET", ["applications", "environments"]) => EnvironmentsResource.List(caller, null, serviceHost),
        ("GET", ["applications", var family, "environments"]) => EnvironmentsResource.List(caller, family, serviceHost),
        ("GET", ["applications", var family, "environments", var name]) => EnvironmentsResource.Get(caller, family, name, serviceHost),
        _ => throw AdminCenterErrors.RouteNotFound(method, string.Join('/', path)),
    };

    private static Task WriteAsync(HttpContext context, int statusCode, JsonNode? body)
    {
        if (body is not null) return JsonResults.WriteAsync(context, statusCode, body);
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }

    /// <summary>Any v2.x: the documents show v2.15 to v2.29; setting adminCenterLatestApiVersion caps it.</summary>
    public static bool IsVersion(string version) => SupportedVersion().IsMatch(version);

    private static int Minor(string version) => int.Parse(version[3..], System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^v2\.\d{1,3}$", RegexOptions.IgnoreCase)]
    private static partial Regex SupportedVersion();
}
