using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// <c>GET /{tenant}/adminconsent</c> and <c>GET /{tenant}/v2.0/adminconsent</c> (a browser page: the admin signs in and
/// accepts). When the setting <c>adminConsentUser</c> names an account, it accepts at once and the page redirects to
/// <c>redirect_uri</c> with <c>tenant</c>, <c>state</c> and <c>admin_consent=True</c> (entra.adminconsent.json), or with
/// <c>error</c>/<c>error_description</c>; otherwise the sign-in page is shown (200, nothing consented) until a test
/// approves through <c>POST /control/tenants/{tenant}/admin-consent</c>.
/// </summary>
public sealed class AdminConsentEndpoint(DirectoryStore store)
{
    public async Task HandleAsync(HttpContext context, string tenantSegment, bool v2)
    {
        var query = context.Request.Query;
        var clientId = query["client_id"].ToString();
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        var scope = query["scope"].ToString();
        RequestLog.Annotate(context, clientId, null);
        try
        {
            var answer = store.Run(world => Answer(world, tenantSegment, clientId, redirectUri, state, v2 ? scope : null));
            if (answer.Location is { } location)
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = location;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(answer.Html!, context.RequestAborted);
        }
        catch (AadstsException failure)
        {
            await AadstsErrorWriter.WriteAsync(context, failure.Error, store.Clock.GetUtcNow());
        }
    }

    private sealed record ConsentPage(string? Location, string? Html);

    private static ConsentPage Answer(WorldState world, string tenantSegment, string clientId, string redirectUri, string state, string? scope)
    {
        if (clientId.Length == 0) throw Aadsts.MissingParameter("client_id");
        if (redirectUri.Length == 0) throw Aadsts.MissingParameter("redirect_uri");
        if (scope is { Length: 0 }) throw Aadsts.MissingParameter("scope");
        var tenant = TenantSegment.Resolve(world, tenantSegment, allowMultiTenant: false)!;
        var application = AdminConsent.FindApplication(world, tenant, clientId);
        if (!RedirectUris(application).Contains(redirectUri, StringComparer.Ordinal)) throw Aadsts.RedirectUriMismatch(redirectUri, application.AppId);
        var resource = scope is null ? null : ResourceOf(scope);

        var user = world.Settings.AdminConsentUser;
        if (user is null)
            return new ConsentPage(null, $"<html><body><h1>Sign in</h1><p>Permissions requested by {WebUtility.HtmlEncode(application.DisplayName)} for {WebUtility.HtmlEncode(tenant.DisplayName)}.</p></body></html>");

        var approver = AdminConsent.ActingUser(world, tenant, user);
        try
        {
            if (approver is null)
                throw new AdminConsent.Refused("access_denied", $"AADSTS50020: User account '{user}' does not exist in tenant '{tenant.DisplayName}'.");
            AdminConsent.Grant(world, tenant, application, approver, resource);
            var granted = new List<(string, string)> { ("tenant", tenant.Id.ToString()), ("state", state), ("admin_consent", "True") };
            if (scope is not null) granted.Add(("scope", scope));
            return new ConsentPage(WithQuery(redirectUri, granted), null);
        }
        catch (AdminConsent.Refused refused)
        {
            return new ConsentPage(WithQuery(redirectUri, [("error", refused.Error), ("error_description", refused.Message), ("state", state)]), null);
        }
    }

    /// <summary><c>https://api.businesscentral.dynamics.com/.default</c> → <c>https://api.businesscentral.dynamics.com</c>.</summary>
    private static string ResourceOf(string scope)
    {
        var first = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? scope;
        return first.EndsWith("/.default", StringComparison.Ordinal) ? first[..^"/.default".Length] : throw Aadsts.InvalidScope(scope);
    }

    private static IEnumerable<string> RedirectUris(AppRegistration application) =>
        application.OtherProperties["web"]?["redirectUris"] is JsonArray uris ? uris.Select(u => u?.ToString() ?? "") : [];

    private static string WithQuery(string uri, IEnumerable<(string Name, string Value)> parameters) =>
        uri + (uri.Contains('?') ? "&" : "?") + string.Join("&", parameters.Select(p => $"{p.Name}={WebUtility.UrlEncode(p.Value)}"));
}
