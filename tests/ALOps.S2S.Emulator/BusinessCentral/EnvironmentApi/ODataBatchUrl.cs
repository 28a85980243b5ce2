using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Where an inner request of a <c>$batch</c> goes: a URL relative to the batch's service root (the usual form), an
/// absolute path (<c>/v2.0/...</c>) or an absolute URL on the same host. ASSUMPTION (unconfirmed): BC serves only
/// URLs of the batch's own tenant and environment, so any other target is that inner request's 400.
/// </summary>
public static class ODataBatchUrl
{
    /// <summary>Call inside the world lock (reads the tenant's domains).</summary>
    public static (PathString Path, QueryString Query) Resolve(string url, HttpRequest batch, EnvironmentApiPath batchTarget, Tenant tenant, BcEnvironment environment)
    {
        var queryStart = url.IndexOf('?');
        var (path, query) = queryStart < 0 ? (url, "") : (url[..queryStart], url[queryStart..]);
        // An absolute path is taken as it is (checked first: on Unix it would also parse as a file:// URI).
        if (!path.StartsWith('/'))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var absolute))
            {
                if (absolute.Scheme != Uri.UriSchemeHttps && absolute.Scheme != Uri.UriSchemeHttp ||
                    !string.Equals(absolute.Authority, batch.Host.Value, StringComparison.OrdinalIgnoreCase))
                    throw Outside(url);
                (path, query) = (absolute.AbsolutePath, absolute.Query);
            }
            else
            {
                path = $"{batchTarget.ServiceRootPath}/{path}";
            }
        }

        var resolved = PathString.FromUriComponent(path);
        if (!resolved.StartsWithSegments("/v2.0", StringComparison.OrdinalIgnoreCase, out var rest) ||
            EnvironmentApiPath.Parse(rest.Value ?? "") is not { } target ||
            target.TenantSegment is { } segment && !tenant.IsNamedBy(segment) ||
            !string.Equals(target.Environment, environment.Name, StringComparison.OrdinalIgnoreCase))
            throw Outside(url);
        if (target.Resource is [.., { Name: "$batch" }]) throw ODataErrors.BadRequest("A batch request cannot hold another $batch.");
        return (resolved, new QueryString(query.Length > 1 ? query : null));
    }

    private static ODataException Outside(string url) =>
        ODataErrors.BadRequest($"The URL '{url}' of a batch request must address the environment of the batch.");
}
