using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Identity;
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
                Assert.StartsWith("S2S.", entry.ErrorId.Value);
                Assert.False(string.IsNullOrWhiteSpace(entry.Cause));
                Assert.False(string.IsNullOrWhiteSpace(entry.Fix));
            }
        }
    }
}

namespace ALOps.S2S.Tests.Core
{
    public class AadstsCatalogueCoverageTests
    {
        // api-contracts.md §1.3: every AADSTS code met while setting up or using an S2S identity.
        [Theory]
        [InlineData(700016)] [InlineData(7000215)] [InlineData(7000222)] [InlineData(7000218)] [InlineData(7000229)]
        [InlineData(7000112)] [InlineData(500011)] [InlineData(65001)] [InlineData(650057)] [InlineData(90002)]
        [InlineData(70011)] [InlineData(700022)] [InlineData(1002012)] [InlineData(700024)] [InlineData(700027)]
        [InlineData(50012)] [InlineData(50011)] [InlineData(70021)] [InlineData(700211)] [InlineData(700213)]
        [InlineData(70025)] [InlineData(700223)] [InlineData(700238)] [InlineData(70052)] [InlineData(53003)]
        [InlineData(50194)] [InlineData(90094)] [InlineData(900144)]
        public void Every_documented_code_has_a_cause_and_a_fix(int code)
        {
            var diagnosis = ALOps.S2S.Core.Diagnostics.AadstsCatalogue.Find(code);
            Assert.NotNull(diagnosis);
            Assert.Equal("AADSTS" + code, diagnosis!.Code);
            Assert.False(string.IsNullOrWhiteSpace(diagnosis.Fix));
        }
    }
}
