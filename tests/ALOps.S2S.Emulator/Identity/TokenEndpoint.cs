using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary><c>POST /{tenant}/oauth2/v2.0/token</c>: dispatches on <c>grant_type</c>, answers AADSTS errors.</summary>
public sealed class TokenEndpoint(
    DirectoryStore store,
    ClientCredentialsGrant clientCredentials,
    DeviceCodeGrantHandler deviceCode,
    RefreshTokenGrantHandler refreshToken)
{
    public async Task HandleAsync(HttpContext context, string tenant)
    {
        try
        {
            if (!context.Request.HasFormContentType) throw Aadsts.MissingParameter("grant_type");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var credentials = ClientCredentials.From(context.Request, form);
            var grantType = form["grant_type"].ToString();
            RequestLog.Annotate(context, credentials.ClientId, grantType);
            RequestLog.AnnotateScope(context, form["scope"].ToString());

            var request = new TokenRequest(tenant, form, credentials, AuthorityHost.Of(context.Request));
            JsonObject response;
            using (var signatures = DeferredSignatures.Begin())
            {
                response = store.Run(world => grantType switch
                {
                    "" => throw Aadsts.MissingParameter("grant_type"),
                    "client_credentials" => clientCredentials.Handle(world, request),
                    DeviceCodeGrantHandler.GrantType or "device_code" => deviceCode.Handle(world, request),
                    "refresh_token" => refreshToken.Handle(world, request),
                    _ => throw Aadsts.UnsupportedGrantType(grantType),
                });
                signatures.SignInto(response);
            }
            await JsonResults.WriteAsync(context, StatusCodes.Status200OK, response);
        }
        catch (AadstsException failure)
        {
            await AadstsErrorWriter.WriteAsync(context, failure.Error, store.Clock.GetUtcNow());
        }
    }
}
