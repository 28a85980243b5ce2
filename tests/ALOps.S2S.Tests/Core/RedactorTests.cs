using ALOps.S2S.Core.Logging;
using Xunit;

namespace ALOps.S2S.Tests.Core
{
    public class RedactorTests
    {
        [Theory]
        [InlineData("client_id=abc&client_secret=s3cr3t~Value&grant_type=client_credentials", "s3cr3t~Value")]
        [InlineData("{\"secretText\":\"Zx8Q~abc.def\",\"keyId\":\"1\"}", "Zx8Q~abc.def")]
        [InlineData("Authorization: Bearer abc.def.ghi", "abc.def.ghi")]
        [InlineData("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end", "eyJhbGciOiJSUzI1NiJ9")]
        [InlineData("client_assertion=eyJraWQ.eyJpc3M.sig&x=1", "eyJpc3M")]
        [InlineData("{\"refresh_token\": \"0.AAAA-refresh\"}", "0.AAAA-refresh")]
        [InlineData("https://h/msi/token?resource=x&x-identity-header=hdr123", "hdr123")]
        [InlineData("redirect?code=0.AXoAk2x9dEv1&state=1", "0.AXoAk2x9dEv1")]
        [InlineData("code=123456789012&grant_type=authorization_code", "123456789012")]
        public void Removes_secret_values(string text, string secret)
        {
            var redacted = Redactor.Redact(text);
            Assert.DoesNotContain(secret, redacted);
            Assert.Contains(Redactor.Mask, redacted);
        }

        [Fact]
        public void Keeps_harmless_text()
        {
            const string text = "HTTP GET https://graph.microsoft.com/v1.0/applications?$filter=displayName eq 'ALOps CI' -> 200";
            Assert.Equal(text, Redactor.Redact(text));
        }

        [Fact]
        public void Keeps_the_entra_error_lookup_link()
        {
            const string text = "Look up AADSTS7000215 at https://login.microsoftonline.com/error?code=7000215.";
            Assert.Equal(text, Redactor.Redact(text));
        }
    }
}
