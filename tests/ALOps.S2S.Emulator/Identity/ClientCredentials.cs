using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>How a confidential client authenticated in a token request: secret (body or HTTP Basic) or assertion.</summary>
public sealed record ClientCredentials(string? ClientId, string? Secret, string? AssertionType, string? Assertion)
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public bool IsEmpty => Secret is null && Assertion is null;

    public static ClientCredentials From(HttpRequest request, IFormCollection form)
    {
        string? clientId = NonEmpty(form["client_id"]);
        string? secret = NonEmpty(form["client_secret"]);
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) &&
            string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            // RFC 6749 §2.3.1: client id and secret are form-urlencoded before base64.
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':');
            if (colon > 0)
            {
                clientId ??= Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
                secret ??= Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            }
        }
        return new ClientCredentials(clientId, secret, NonEmpty(form["client_assertion_type"]), NonEmpty(form["client_assertion"]));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
