using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Entra replication delay: new apps and secrets are invisible for <c>replicationDelaySeconds</c>.</summary>
public sealed class GraphReplicationTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const int DelaySeconds = 1;
    private GraphClient Graph => new(Host, Emulator);

    [Fact]
    public async Task NewApplication_IsInvisibleToReadsServicePrincipalCreationAndTokens_UntilReplicated()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Emulator.PatchSettingsAsync(new { replicationDelaySeconds = DelaySeconds });
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Replicating", signInAudience = "AzureADMyOrg" });
        var id = (string)app["id"]!;
        var appId = (string)app["appId"]!;

        (await Graph.GetAsync(token, $"applications/{id}")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
        (await Graph.GetAsync(token, $"applications(appId='{appId}')")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
        Assert.Empty((await Graph.GetAsync(token, "applications?$filter=displayName eq 'Replicating'")).Json!["value"]!.AsArray());
        var sp = await Graph.PostAsync(token, "servicePrincipals", new { appId });
        sp.AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Equal("NoBackingApplicationObject", (string?)sp.Json!["error"]!["details"]![0]!["code"]);
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, appId, "whatever")).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);

        await Task.Delay(TimeSpan.FromSeconds(DelaySeconds + 0.2));

        (await Graph.GetAsync(token, $"applications/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Single((await Graph.GetAsync(token, "applications?$filter=displayName eq 'Replicating'")).Json!["value"]!.AsArray());
        (await Graph.PostAsync(token, "servicePrincipals", new { appId })).AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task NewSecret_IsRejectedUntilReplicated()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Secret replication", signInAudience = "AzureADMyOrg" });
        await Graph.CreateServicePrincipalAsync(token, (string)app["appId"]!);
        await Emulator.PatchSettingsAsync(new { replicationDelaySeconds = DelaySeconds });

        var secret = (string)(await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { })).Json!["secretText"]!;
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, (string)app["appId"]!, secret)).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);

        await Task.Delay(TimeSpan.FromSeconds(DelaySeconds + 0.2));
        Assert.NotNull((await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, (string)app["appId"]!, secret)).AccessToken);
    }
}
