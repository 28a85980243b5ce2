using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>One call to the token endpoint, as the grant handlers see it.</summary>
/// <param name="AuthorityHost">Scheme, host and port the client called (e.g. https://127.0.0.1:5001).</param>
public sealed record TokenRequest(string TenantSegment, IFormCollection Form, ClientCredentials Credentials, string AuthorityHost)
{
    public Uri Origin => new(AuthorityHost);
    public bool WantsClientInfo => Form["client_info"] == "1";

    public string Required(string name)
    {
        var value = Form[name].ToString();
        return string.IsNullOrEmpty(value) ? throw Aadsts.MissingParameter(name) : value;
    }

    public string RequiredClientId() => Credentials.ClientId ?? throw Aadsts.MissingParameter("client_id");
}
