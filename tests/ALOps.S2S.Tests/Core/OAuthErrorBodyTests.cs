using ALOps.S2S.Core.Diagnostics;
using Xunit;

namespace ALOps.S2S.Tests.Core
{
    public class OAuthErrorBodyTests
    {
        [Fact]
        public void Reads_code_from_error_codes()
        {
            var body = OAuthErrorBody.Parse("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215],\"correlation_id\":\"c-1\",\"trace_id\":\"t-1\"}");
            Assert.Equal("invalid_client", body.Error);
            Assert.Equal(7000215, body.Code);
            Assert.Equal("c-1", body.CorrelationId);
        }

        [Fact]
        public void Falls_back_to_the_text()
        {
            Assert.Equal(90002, OAuthErrorBody.Parse("<html>proxy</html>", "AADSTS90002: Tenant 'x' not found.").Code);
            Assert.Null(OAuthErrorBody.Parse(null, "no code here").Code);
        }

        [Fact]
        public void Every_catalogue_entry_has_a_cause_and_a_fix()
        {
            Assert.NotEmpty(AadstsCatalogue.All);
            foreach (var entry in AadstsCatalogue.All)
            {
                Assert.StartsWith("AADSTS", entry.Code);
                Assert.StartsWith("S2S.", entry.ErrorId);
                Assert.False(string.IsNullOrWhiteSpace(entry.Cause));
                Assert.False(string.IsNullOrWhiteSpace(entry.Fix));
            }
        }
    }
}
