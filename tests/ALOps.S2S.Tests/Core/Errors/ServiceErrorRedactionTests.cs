using System.Text.Json;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;
using Xunit;

namespace ALOps.S2S.Tests.Core.Errors
{
    /// <summary>
    /// A service's error text reaches the user through an S2SException; a secret or token in it must not. Each
    /// service's mapper is fed a body that carries both, and no text of the error may show either.
    /// </summary>
    public class ServiceErrorRedactionTests
    {
        private const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJl";
        private const string Secret = "Zx8Q~leaked.Secret_Value";
        private static readonly string Leaky = $"Request refused: Authorization: Bearer {Token}; client_secret={Secret}";

        [Fact]
        public void The_exception_itself_redacts_every_text()
        {
            var error = new S2SException(S2SErrors.BcRequestFailed, Leaky, "client_secret=" + Secret, "Retry without " + Token,
                "{\"secret\":\"" + Secret + "\"}", "token=" + Secret);
            AssertClean(error);
        }

        [Fact]
        public void Bc_environment_error_body()
        {
            foreach (var status in new[] { 400, 401, 403, 404, 409, 500 })
            {
                var error = BcEnvironmentErrors.From("Production", status, Body("{\"error\":{\"code\":\"BadRequest\",\"message\":" + JsonSerializer.Serialize(Leaky) + "}}"), "list users");
                AssertClean(error);
                if (status != 401) Assert.Contains("***", error.Message); // a 401's message names only the code
            }
        }

        [Fact]
        public void Admin_center_error_body()
        {
            foreach (var status in new[] { 400, 403 })
            {
                var body = "{\"code\":\"EntityValidationFailed\",\"message\":" + JsonSerializer.Serialize(Leaky) + "}";
                var error = AdminCenterErrors.From(new JsonAnswer(status, Body(body), System.Text.Encoding.UTF8.GetBytes(body)), "list the environments", "ops@contoso.com", "contoso");
                AssertClean(error);
            }
        }

        [Fact]
        public void Graph_error_body()
        {
            foreach (var status in new[] { 400, 403, 404 })
            {
                var odata = new ODataError { ResponseStatusCode = status, Error = new MainError { Code = "Request_BadRequest", Message = Leaky } };
                var error = GraphErrors.Describe(odata, "create the application", "ALOps CI");
                AssertClean(error);
                Assert.Contains("***", error.Message);
            }
        }

        [Fact]
        public void Entra_sign_in_failure()
        {
            var service = new MsalServiceException("invalid_request", "AADSTS9999999: " + Leaky);
            var error = Assert.IsType<S2SException>(EntraErrors.FromSignIn(service, new EntraErrors.Context { Tenant = "contoso.onmicrosoft.com", ClientId = "c" }));
            Assert.Equal(S2SErrors.SignInFailed, error.ErrorId);
            AssertClean(error);
            Assert.Contains("https://login.microsoftonline.com/error?code=9999999", error.RecommendedAction);
        }

        private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement.Clone();

        private static void AssertClean(S2SException error)
        {
            foreach (var text in new[] { error.Message, error.RecommendedAction, error.Target, error.ServiceErrorCode, error.CorrelationId })
            {
                Assert.DoesNotContain(Token, text ?? string.Empty);
                Assert.DoesNotContain(Secret, text ?? string.Empty);
                Assert.DoesNotContain("eyJ", text ?? string.Empty);
            }
        }
    }
}
