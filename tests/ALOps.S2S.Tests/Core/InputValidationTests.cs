using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Input;
using Xunit;

namespace ALOps.S2S.Tests.Core
{
    public class InputValidationTests
    {
        [Theory]
        [InlineData("72F988BF-86F1-41AF-91AB-2D7CD011DB47", "72f988bf-86f1-41af-91ab-2d7cd011db47")]
        [InlineData(" Contoso.OnMicrosoft.com ", "contoso.onmicrosoft.com")]
        [InlineData("cronus.com", "cronus.com")]
        public void Accepts_tenant_guid_or_domain(string input, string expected)
            => Assert.Equal(expected, InputValidation.Tenant(input));

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("00000000-0000-0000-0000-000000000000")]
        [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db4")]
        [InlineData("contoso")]
        [InlineData("contoso..com")]
        [InlineData("https://contoso.onmicrosoft.com")]
        public void Rejects_bad_tenant(string input)
        {
            var error = Assert.Throws<S2SException>(() => InputValidation.Tenant(input));
            Assert.Equal("S2S.InvalidTenantId", error.ErrorId.Value);
            Assert.Equal(S2SErrorKind.InvalidArgument, error.Kind);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Theory]
        [InlineData("not-a-guid")]
        [InlineData("00000000-0000-0000-0000-000000000000")]
        [InlineData("")]
        public void Rejects_bad_client_id(string input)
        {
            var error = Assert.Throws<S2SException>(() => InputValidation.ClientId(input));
            Assert.Equal("S2S.InvalidClientId", error.ErrorId.Value);
        }
    }
}
