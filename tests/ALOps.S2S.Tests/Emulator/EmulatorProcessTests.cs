using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>The emulator as a process (CLI, READY line, emulator.json, shutdown) and its certificates.</summary>
public sealed class EmulatorProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Cli_PrintsReady_WritesEmulatorJson_AndStopsOnShutdown()
    {
        var stateDirectory = Path.Combine(_directory, "state");
        using var process = EmulatorProcess.Start("--state-dir", stateDirectory, "--ca-dir", EmulatorFixture.SharedCaDirectory);
        var stopwatch = Stopwatch.StartNew();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        stopwatch.Stop();

        Assert.NotNull(line);
        Assert.StartsWith("EMULATOR READY ", line);
        var statePath = line["EMULATOR READY ".Length..];
        Assert.Equal(Path.Combine(stateDirectory, "emulator.json"), statePath);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"start took {stopwatch.Elapsed}");

        var info = JsonNode.Parse(await File.ReadAllTextAsync(statePath))!;
        Assert.Equal(process.Id, (int)info["pid"]!);
        foreach (var name in new[] { "authorityHost", "graphEndpoint", "businessCentralEndpoint", "controlEndpoint" })
            Assert.Matches(@"^https://127\.0\.0\.1:\d+$", (string)info[name]!);
        var ports = new[] { "authorityHost", "graphEndpoint", "businessCentralEndpoint", "controlEndpoint" }.Select(n => new Uri((string)info[n]!).Port).ToList();
        Assert.Equal(4, ports.Distinct().Count());
        Assert.Equal((string)info["controlEndpoint"]! + "/test-issuer", (string?)info["testIssuer"]);
        Assert.Equal((string)info["authorityHost"]! + "/msi/token", (string?)info["managedIdentityEndpoint"]);
        Assert.False(string.IsNullOrEmpty((string?)info["managedIdentityHeader"]));
        Assert.Equal(Path.Combine(EmulatorFixture.SharedCaDirectory, "ca.pem"), (string?)info["caCertificate"]);

        using var ca = X509CertificateLoader.LoadCertificateFromFile((string)info["caCertificate"]!);
        using var http = TrustedHttp.CreateClient(ca);
        var seed = await http.GetFromJsonAsync<JsonObject>((string)info["controlEndpoint"]! + "/control/seed");
        Assert.NotEmpty(seed!["tenants"]!.AsArray());

        var shutdown = await http.PostAsync((string)info["controlEndpoint"]! + "/control/shutdown", null);
        Assert.Equal(HttpStatusCode.Accepted, shutdown.StatusCode);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, process.ExitCode);
        Assert.False(File.Exists(statePath));
    }

    [Fact]
    public async Task InitCa_CreatesTheCaAndExits()
    {
        var caDirectory = Path.Combine(_directory, "ca");
        using var process = EmulatorProcess.Start("--init-ca", "--ca-dir", caDirectory);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
        Assert.True(File.Exists(Path.Combine(caDirectory, "ca.pem")));
        Assert.True(File.Exists(Path.Combine(caDirectory, "ca.key.pem")));
    }

    [Fact]
    public async Task UnknownArgument_ExitsWithUsage()
    {
        using var process = EmulatorProcess.Start("--bogus");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage", await process.StandardError.ReadToEndAsync());
    }

    [Fact]
    public async Task Certificates_AreACaAndAServerCertificateFor127001AndLocalhost()
    {
        await using var host = await ALOps.S2S.Emulator.EmulatorHost.StartAsync(new ALOps.S2S.Emulator.EmulatorOptions
        {
            StateDirectory = Path.Combine(_directory, "certs"),
            CaDirectory = Path.Combine(_directory, "certs-ca"),
        });
        var ca = host.CaCertificate;
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));

        X509Certificate2? served = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                served = X509CertificateLoader.LoadCertificate(certificate!.RawData);
                return true;
            },
        };
        using (var probe = new HttpClient(handler)) await probe.GetAsync(host.ControlEndpoint + "/control/seed");
        Assert.NotNull(served);
        using (served)
        {
            Assert.Contains(served!.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
            var names = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains("localhost", names.EnumerateDnsNames());
            Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
            Assert.Equal(ca.Subject, served.Issuer);
        }

        // The same CA directory is reused: a second start does not replace ca.pem.
        var before = await File.ReadAllTextAsync(host.CaCertificatePath);
        await using var second = await ALOps.S2S.Emulator.EmulatorHost.StartAsync(new ALOps.S2S.Emulator.EmulatorOptions
        {
            StateDirectory = Path.Combine(_directory, "certs2"),
            CaDirectory = Path.Combine(_directory, "certs-ca"),
        });
        Assert.Equal(before, await File.ReadAllTextAsync(second.CaCertificatePath));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
