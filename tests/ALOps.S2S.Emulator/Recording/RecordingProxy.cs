using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ALOps.S2S.Emulator.Certificates;
using ALOps.S2S.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ALOps.S2S.Emulator.Recording;

/// <summary>
/// The recording proxy: one HTTPS listener per upstream (login, graph, bc; certificates from the emulator CA, so a module
/// trusts it through SSL_CERT_FILE like the emulator) that forwards every request unchanged to the real host (or any
/// stand-in), keeps each exchange in memory, and on <c>finish</c> writes them, redacted, as contract samples. Upstream URLs in
/// answers are rewritten to the proxy's, so follow-up calls (token endpoint from discovery, next links) come back through it.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Proxy-Authenticate",
        "Content-Length", "Accept-Encoding", "Expect",
    };

    private readonly List<WebApplication> _apps = [];
    private readonly List<(string Upstream, string Proxy)> _rewrites = [];
    private readonly Dictionary<string, Uri> _upstreams = new(StringComparer.Ordinal);
    private readonly List<RecordedExchange> _exchanges = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RecorderOptions _options;
    private string _phase = "journey";
    private int _stopping;

    private RecordingProxy(RecorderOptions options) => _options = options;

    public string AuthorityHost { get; private set; } = "";
    public string GraphEndpoint { get; private set; } = "";
    public string BusinessCentralEndpoint { get; private set; } = "";
    public string ControlEndpoint { get; private set; } = "";
    public string StateFilePath => Path.Combine(Path.GetFullPath(_options.StateDirectory), "recorder.json");
    public Task Stopped => _stopped.Task;

    public static async Task<RecordingProxy> StartAsync(RecorderOptions options)
    {
        var proxy = new RecordingProxy(options);
        Directory.CreateDirectory(options.StateDirectory);
        using var authority = CertificateAuthority.LoadOrCreate(options.CaDirectory ?? options.StateDirectory);
        var certificate = ServerCertificateIssuer.Issue(authority);
        var services = new (string Service, Uri Upstream)[] { ("login", options.UpstreamLogin), ("graph", options.UpstreamGraph), ("bc", options.UpstreamBusinessCentral) };
        var listeners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (service, upstream) in services)
        {
            var key = upstream.GetLeftPart(UriPartial.Authority);
            if (!listeners.TryGetValue(key, out var address))
            {
                var app = Listener(certificate, ctx => proxy.ForwardAsync(ctx, service, upstream));
                await app.StartAsync();
                proxy._apps.Add(app);
                address = ServiceApp.ListeningAddress(app);
                listeners[key] = address;
                proxy._rewrites.Add((key, address));
            }
            proxy._upstreams[service] = upstream;
            switch (service)
            {
                case "login": proxy.AuthorityHost = address; break;
                case "graph": proxy.GraphEndpoint = address; break;
                default: proxy.BusinessCentralEndpoint = address; break;
            }
        }
        var control = Listener(certificate, proxy.ControlAsync);
        await control.StartAsync();
        proxy._apps.Add(control);
        proxy.ControlEndpoint = ServiceApp.ListeningAddress(control);
        AtomicFile.WriteAllText(proxy.StateFilePath, JsonSerializer.Serialize(new
        {
            pid = Environment.ProcessId,
            authorityHost = proxy.AuthorityHost,
            graphEndpoint = proxy.GraphEndpoint,
            businessCentralEndpoint = proxy.BusinessCentralEndpoint,
            controlEndpoint = proxy.ControlEndpoint,
            recordingDirectory = Path.GetFullPath(options.RecordingDirectory),
        }, new JsonSerializerOptions { WriteIndented = true }));
        return proxy;
    }

    private static WebApplication Listener(X509Certificate2 certificate, RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(RecordingProxy).Assembly.GetName().Name, EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Error);
        // HTTP/1.1 only: the recorder replays each exchange as one request and one answer, and a client that would speak
        // HTTP/2 (the module on .NET does, where offered) falls back to HTTP/1.1 when the proxy offers only that.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    #region forwarding

    private async Task ForwardAsync(HttpContext context, string service, Uri upstream)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers.Where(h => !HopByHop.Contains(h.Key)).Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        var body = RewriteText(buffer.ToArray(), context.Request.ContentType, toUpstream: true);

        var (status, responseHeaders, responseBody) = await SendAsync(service, upstream, context.Request.Method, target, headers, body, context.RequestAborted);

        context.Response.StatusCode = status;
        foreach (var (name, value) in responseHeaders)
        {
            if (HopByHop.Contains(name)) continue;
            context.Response.Headers.Append(name, name.Equals("Location", StringComparison.OrdinalIgnoreCase) ? Rewrite(value, toUpstream: false) : value);
        }
        var answer = RewriteText(responseBody, responseHeaders.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value, toUpstream: false);
        if (answer.Length > 0) await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>Sends one request to the upstream and records the exchange as the upstream saw it.</summary>
    private async Task<(int Status, List<KeyValuePair<string, string>> Headers, byte[] Body)> SendAsync(string service, Uri upstream, string method, string target,
        List<KeyValuePair<string, string>> headers, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(upstream.GetLeftPart(UriPartial.Authority) + target));
        if (body.Length > 0 || method is "POST" or "PUT" or "PATCH") request.Content = new ByteArrayContent(body);
        foreach (var (name, value) in headers)
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);

        int status;
        List<KeyValuePair<string, string>> responseHeaders;
        byte[] responseBody;
        try
        {
            using var response = await _http.SendAsync(request, ct);
            status = (int)response.StatusCode;
            responseHeaders = response.Headers.Concat(response.Content.Headers).Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList();
            responseBody = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException failure)
        {
            status = 502;
            responseHeaders = [new("Content-Type", "text/plain")];
            responseBody = Encoding.UTF8.GetBytes($"recorder: the upstream {upstream.Host} could not be reached: {failure.Message}");
        }

        lock (_exchanges)
            _exchanges.Add(new RecordedExchange
            {
                Sequence = _exchanges.Count + 1, Service = service, Upstream = upstream.GetLeftPart(UriPartial.Authority), Phase = _phase,
                Method = method, Target = target, RequestHeaders = headers, RequestBody = body,
                Status = status, ResponseHeaders = responseHeaders, ResponseBody = responseBody,
            });
        return (status, responseHeaders, responseBody);
    }

    private byte[] RewriteText(byte[] body, string? contentType, bool toUpstream)
    {
        if (body.Length == 0 || contentType is null || !(contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ||
            contentType.Contains("form-urlencoded", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)))
            return body;
        var text = Encoding.UTF8.GetString(body);
        var rewritten = Rewrite(text, toUpstream);
        return ReferenceEquals(text, rewritten) || text == rewritten ? body : Encoding.UTF8.GetBytes(rewritten);
    }

    private string Rewrite(string text, bool toUpstream)
    {
        foreach (var (upstream, proxy) in _rewrites)
        {
            var (from, to) = toUpstream ? (proxy, upstream) : (upstream, proxy);
            text = Regex.Replace(text, Regex.Escape(from) + "(?![0-9])", to.Replace("$", "$$"), RegexOptions.IgnoreCase);
            text = Regex.Replace(text, Regex.Escape(from.Replace("/", "\\/")) + "(?![0-9])", to.Replace("/", "\\/").Replace("$", "$$"), RegexOptions.IgnoreCase);
        }
        return text;
    }

    #endregion

    #region control

    /// <summary>Labels the exchanges that follow (journey, rerun, cleanup, ...); the label is in each file.</summary>
    public void BeginPhase(string? name) => _phase = name is { Length: > 0 } ? name : "journey";

    private async Task ControlAsync(HttpContext context)
    {
        JsonObject? input = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
            input = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        JsonNode? output;
        switch (context.Request.Method, context.Request.Path.Value)
        {
            case ("POST", "/recorder/phase"):
                BeginPhase((string?)input?["name"]);
                output = new JsonObject { ["phase"] = _phase };
                break;
            case ("POST", "/recorder/cleanup"):
                output = await CleanUpAsync((string?)input?["applicationObjectId"], (string?)input?["clientId"], context.RequestAborted);
                break;
            case ("POST", "/recorder/finish"):
                output = Finish((string?)input?["tenant"], (input?["knownValues"] as JsonArray)?.Select(v => (string?)v).OfType<string>() ?? []);
                break;
            case ("POST", "/recorder/shutdown"):
                context.Response.StatusCode = 204;
                _ = Task.Run(StopAsync);
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
        await JsonResults.WriteAsync(context, 200, output!);
    }

    /// <summary>
    /// Removes what the journey created, with the operator's own tokens as they passed the proxy: the Admin Center
    /// authorization (with the token of the last authorizedAadApps call, a person's) and the app registration (with the
    /// last Graph token; its service principal goes with it). These calls are recorded too.
    /// </summary>
    public async Task<JsonObject> CleanUpAsync(string? applicationObjectId, string? clientId, CancellationToken ct)
    {
        _phase = "cleanup";
        RecordedExchange[] seen;
        lock (_exchanges) seen = [.. _exchanges];
        var steps = new JsonArray();
        var adminCall = seen.LastOrDefault(e => e.Service == "bc" && e.Target.Contains("/authorizedAadApps", StringComparison.Ordinal) && e.RequestHeader("Authorization") != null);
        if (clientId is not null && adminCall is not null)
        {
            var version = Regex.Match(adminCall.Target, @"^/admin/(v[0-9.]+)/").Groups[1].Value;
            steps.Add(await CleanUpStepAsync("bc", $"/admin/{version}/authorizedAadApps/{Uri.EscapeDataString(clientId)}", adminCall.RequestHeader("Authorization")!, ct));
        }
        else if (clientId is not null) steps.Add(new JsonObject { ["call"] = "DELETE authorizedAadApps", ["status"] = null, ["note"] = "no Admin Center call passed the proxy: nothing to remove" });
        var graphCall = seen.LastOrDefault(e => e.Service == "graph" && e.RequestHeader("Authorization") != null);
        if (applicationObjectId is not null && graphCall is not null)
            steps.Add(await CleanUpStepAsync("graph", $"/v1.0/applications/{Uri.EscapeDataString(applicationObjectId)}", graphCall.RequestHeader("Authorization")!, ct));
        else if (applicationObjectId is not null) steps.Add(new JsonObject { ["call"] = "DELETE application", ["status"] = null, ["note"] = "no Graph call passed the proxy: the app is left" });
        return new JsonObject { ["steps"] = steps };
    }

    private async Task<JsonObject> CleanUpStepAsync(string service, string target, string authorization, CancellationToken ct)
    {
        var (status, _, _) = await SendAsync(service, _upstreams[service], "DELETE", target, [new("Authorization", authorization)], [], ct);
        // The call as the recording shows it: the path without the object's id.
        return new JsonObject { ["call"] = $"DELETE {service} {Regex.Replace(target, "/[^/]+$", "/…")}", ["status"] = status };
    }

    /// <summary>Writes the recording (redacted) and scans it; a recording that fails the scan is deleted, never left behind.</summary>
    public JsonObject Finish(string? tenant, IEnumerable<string> knownValues)
    {
        RecordedExchange[] exchanges;
        lock (_exchanges) exchanges = [.. _exchanges];
        var known = knownValues.ToList();
        var redactor = new RecordingRedactor(tenant, known);
        var documents = redactor.Redact(exchanges);
        var directory = Path.GetFullPath(_options.RecordingDirectory);
        Directory.CreateDirectory(directory);
        var json = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var (document, exchange) in documents.Zip(exchanges))
        {
            var name = $"{exchange.Sequence:D3}-{exchange.Service}-{exchange.Method}-{Slug((string)document["path"]!)}.json";
            File.WriteAllText(Path.Combine(directory, name), document.ToJsonString(json) + "\n");
        }

        var findings = RecordingScan.Scan(directory, redactor.SensitiveValues.Concat(known).Append(tenant ?? string.Empty));
        if (findings.Count > 0)
            foreach (var file in Directory.GetFiles(directory, "*.json")) File.Delete(file);
        var phases = new JsonObject();
        foreach (var group in exchanges.GroupBy(e => e.Phase))
            phases[group.Key] = new JsonObject
            {
                ["requests"] = group.Count(),
                ["writes"] = group.Count(e => e.Service != "login" && e.Method is not ("GET" or "HEAD") && !e.Target.Split('?')[0].EndsWith("/$batch", StringComparison.Ordinal)),
            };
        return new JsonObject
        {
            ["directory"] = directory,
            ["files"] = findings.Count > 0 ? 0 : documents.Count,
            ["scanClean"] = findings.Count == 0,
            ["findings"] = new JsonArray(findings.Select(f => (JsonNode)f).ToArray()),
            ["phases"] = phases,
        };
    }

    private static string Slug(string path)
    {
        var slug = Regex.Replace(path.Split('?')[0], @"[^A-Za-z0-9.]+", "-").Trim('-');
        return slug.Length > 60 ? slug[..60] : slug;
    }

    #endregion

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1) return;
        try
        {
            await Task.WhenAll(_apps.Select(a => a.StopAsync()));
            foreach (var app in _apps) await app.DisposeAsync();
            File.Delete(StateFilePath);
        }
        finally
        {
            _http.Dispose();
            _stopped.TrySetResult();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
