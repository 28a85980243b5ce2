using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Grant;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.NewApp;
using ALOps.S2S.Emulator;
using ALOps.S2S.Emulator.Recording;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>
/// Issue #14 item 8: the LiveTest recording. A journey through the recording proxy with the emulator as the "real" service
/// must give a recording that passes its own scan, loads as a contract-sample set and, replayed against a fresh emulator,
/// conforms file by file. <see cref="RecordedExchange_conforms_to_the_emulator"/> does the same for a recording of a real
/// tenant named by ALOPS_S2S_RECORDING (skipped, saying so, when it is not set).
/// </summary>
public sealed class RecordingTests
{
    private const string Domain = "contoso.onmicrosoft.com";

    [Fact]
    public async Task A_journey_through_the_proxy_gives_a_recording_that_passes_its_scan_loads_as_samples_and_replays_conformant()
    {
        var ca = CaDirectory();
        var work = Directory.CreateTempSubdirectory("alops-s2s-recording-").FullName;
        var recording = Path.Combine(work, "recording");
        string secret, tenantId;
        JsonObject summary, cleanup;
        await using (var upstream = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = Path.Combine(work, "upstream"), CaDirectory = ca }))
        await using (var proxy = await RecordingProxy.StartAsync(new RecorderOptions(recording, Path.Combine(work, "proxy"), ca,
                         new Uri(upstream.AuthorityHost), new Uri(upstream.GraphEndpoint), new Uri(upstream.BusinessCentralEndpoint), ExitOnStdinClose: false)))
        {
            var cloud = CloudEndpoints.Custom(proxy.AuthorityHost, proxy.GraphEndpoint, proxy.BusinessCentralEndpoint, "Recorder");
            using var admin = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.DeviceCode, cloud) { Tenant = Domain }, CancellationToken.None);
            tenantId = admin.TenantId;
            var name = "recorded " + Guid.NewGuid().ToString("N")[..8];
            var app = await new AppRegistrationService(admin, ApproveAllChanges.Instance).EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
            secret = new NetworkCredential(string.Empty, app.ClientSecret).Password;
            await new PermissionGrantService(admin, ApproveAllChanges.Instance).GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);
            var adminCenter = new AdminCenterClient(admin);
            await adminCenter.AuthorizeAppAsync(app.ClientId, CancellationToken.None);
            Assert.NotEmpty(await adminCenter.GetEnvironmentsAsync(CancellationToken.None));
            using (await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, cloud) { Tenant = tenantId, ClientId = app.ClientId, ClientSecret = app.ClientSecret },
                       CancellationToken.None, firstResource: CloudEndpoints.BusinessCentralResource)) { }
            proxy.BeginPhase("rerun");
            Assert.False((await new AppRegistrationService(admin, ApproveAllChanges.Instance).EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None)).Created);

            cleanup = await proxy.CleanUpAsync(app.ObjectId, app.ClientId, CancellationToken.None);
            summary = proxy.Finish(Domain, [secret]);
        }

        Assert.True((bool)summary["scanClean"]!, "scan findings: " + summary["findings"]!.ToJsonString());
        Assert.Equal(0, (int)summary["phases"]!["rerun"]!["writes"]!);
        Assert.All(cleanup["steps"]!.AsArray(), s => Assert.Equal(204, (int?)s!["status"]));
        var files = Directory.GetFiles(recording, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal((int)summary["files"]!, files.Count);
        foreach (var service in new[] { "login", "graph", "bc" }) Assert.Contains(files, f => Path.GetFileName(f).Contains($"-{service}-"));

        // Independently of the recorder's own scan: none of the run's raw values is in any file.
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var raw in new[] { secret, tenantId, Domain, "admin@contoso", "eyJ" }) Assert.DoesNotContain(raw, text, StringComparison.OrdinalIgnoreCase);
            var sample = ContractSample.LoadFile(file);
            Assert.NotNull((string?)sample.Document["method"]);
            Assert.StartsWith("/", (string?)sample.Document["path"]);
            Assert.NotNull(sample.Status);
        }
        Assert.Contains(files, f => File.ReadAllText(f).Contains("\"Bearer {token-", StringComparison.Ordinal));
        Assert.Contains(files, f => File.ReadAllText(f).Contains("{tenant-id}", StringComparison.Ordinal));

        // The standalone scan agrees, and finds the secret when it is planted.
        Assert.Empty(RecordingScan.Scan(recording, [secret, tenantId]));
        File.WriteAllText(Path.Combine(recording, "zz-planted.json"), $"{{\"secretText\":\"{secret}\"}}");
        Assert.Single(RecordingScan.Scan(recording, [secret]), f => f.StartsWith("zz-planted.json: known value", StringComparison.Ordinal));
        File.Delete(Path.Combine(recording, "zz-planted.json"));

        // Replayed against a fresh emulator, every exchange conforms: the recording is a usable sample set.
        await using var fresh = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = Path.Combine(work, "replay"), CaDirectory = ca });
        var replay = await RecordingReplay.RunAsync(recording, fresh, await TenantIdAsync(fresh), Domain);
        var differences = new List<string>();
        foreach (var exchange in replay.Exchanges)
        {
            try
            {
                await ShapeConformance.AssertConformsAsync(exchange.Sample, exchange.Answer);
            }
            catch (Xunit.Sdk.XunitException difference)
            {
                differences.Add(difference.Message);
            }
        }
        Assert.True(differences.Count == 0, $"{differences.Count} of {replay.Exchanges.Count} exchanges differ:\n" + string.Join("\n", differences));
        await fresh.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public void The_redactor_gives_one_value_one_placeholder_and_keeps_microsofts_well_known_ids()
    {
        var redactor = new RecordingRedactor("contoso.onmicrosoft.com", ["S3cr3t~value"]);
        var objectId = Guid.NewGuid().ToString();
        _ = redactor.Redact([]);

        var first = redactor.RedactText($"/v1.0/applications/{objectId}?secret=S3cr3t~value&owner=ann@contoso.onmicrosoft.com");
        var second = redactor.RedactText($"id {objectId}; app 00000003-0000-0000-c000-000000000000; tenant contoso.onmicrosoft.com");

        Assert.Equal("/v1.0/applications/{guid-1}?secret={secret-1}&owner={email-1}", first);
        Assert.Equal("id {guid-1}; app 00000003-0000-0000-c000-000000000000; tenant {tenant-domain}", second);
    }

    public static TheoryData<string> RecordedFiles()
    {
        var data = new TheoryData<string>();
        if (Environment.GetEnvironmentVariable(RecordingTheoryAttribute.Variable) is { Length: > 0 } directory && Directory.Exists(directory))
            foreach (var file in Directory.GetFiles(directory, "*.json").OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        else data.Add("(no recording)");
        return data;
    }

    /// <summary>One row per file of the recording in ALOPS_S2S_RECORDING: the emulator's answer to the same request has the recorded shape.</summary>
    [RecordingTheory]
    [MemberData(nameof(RecordedFiles))]
    public async Task RecordedExchange_conforms_to_the_emulator(string file)
    {
        var replay = await RecordingUnderTest.Value;
        var exchange = replay.Exchanges.Single(e => e.Sample.Name == file);
        await ShapeConformance.AssertConformsAsync(exchange.Sample, exchange.Answer);
    }

    private static readonly Lazy<Task<RecordingReplay>> RecordingUnderTest = new(async () =>
    {
        var directory = Environment.GetEnvironmentVariable(RecordingTheoryAttribute.Variable)!;
        var state = Directory.CreateTempSubdirectory("alops-s2s-replay-").FullName;
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = state, CaDirectory = CaDirectory() });
        return await RecordingReplay.RunAsync(directory, emulator, await TenantIdAsync(emulator), Domain);
    });

    private static string CaDirectory()
    {
        var ca = Environment.GetEnvironmentVariable("ALOPS_S2S_EMULATOR_CA_DIR");
        Assert.False(string.IsNullOrEmpty(ca), "ALOPS_S2S_EMULATOR_CA_DIR is not set: run the tests through build.ps1 -Task Test.");
        return ca!;
    }

    private static async Task<string> TenantIdAsync(EmulatorHost emulator)
    {
        using var http = TrustedHttp.CreateClient(emulator.CaCertificate);
        var seed = JsonNode.Parse(await http.GetStringAsync(emulator.ControlEndpoint + "/control/seed"))!;
        return (string)seed["tenants"]!.AsArray().First(t => t!["domains"]!.AsArray().Any(d => (string?)d == Domain))!["id"]!;
    }
}

/// <summary>A theory over a LiveTest recording; skipped, with the reason, when ALOPS_S2S_RECORDING names no folder.</summary>
public sealed class RecordingTheoryAttribute : TheoryAttribute
{
    public const string Variable = "ALOPS_S2S_RECORDING";

    public RecordingTheoryAttribute()
    {
        var directory = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            Skip = $"{Variable} names no recording folder: nothing to compare (run build.ps1 -Task LiveTest against a real tenant, then set {Variable} to its recording).";
    }
}
