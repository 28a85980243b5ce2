using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Where an inner request of a Graph JSON batch goes: its <c>url</c> is relative to the batch's version root
/// (<c>/v1.0</c>), with or without a leading <c>/</c> (<c>/applications?$filter=…</c>, <c>servicePrincipals(appId='…')</c>).
/// Graph refuses an absolute URL, and the emulator a nested <c>$batch</c>: that inner request's 400.
/// </summary>
public static class GraphBatchUrl
{
    /// <param name="versionRoot">The batch's version root, e.g. <c>/v1.0</c>.</param>
    public static (PathString Path, QueryString Query) Resolve(string url, PathString versionRoot)
    {
        var queryStart = url.IndexOf('?');
        var (path, query) = queryStart < 0 ? (url, "") : (url[..queryStart], url[queryStart..]);
        // Checked on the path only: "/applications" would parse as a file:// URI on Unix.
        if (!path.StartsWith('/') && Uri.TryCreate(url, UriKind.Absolute, out var absolute) &&
            (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
            throw GraphErrors.InvalidBatch($"The URL '{url}' of a batch request must be relative to the version (e.g. '/applications'), not absolute.");
        var resolved = versionRoot.Add(PathString.FromUriComponent("/" + path.TrimStart('/')));
        if (resolved.Value!.TrimEnd('/').EndsWith("/$batch", StringComparison.Ordinal))
            throw GraphErrors.InvalidBatch("A batch request cannot hold another $batch.");
        return (resolved, new QueryString(query.Length > 1 ? query : null));
    }
}
