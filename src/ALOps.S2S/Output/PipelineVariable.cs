using System.Collections.Generic;
using System.Security;
using ALOps.S2S.Models;

namespace ALOps.S2S.Output
{
    /// <summary>One value for the next pipeline step, named like the ALOps task input it feeds.</summary>
    internal sealed class PipelineVariable
    {
        private PipelineVariable(string name, string value, bool isSecret)
        {
            Name = name;
            Value = value;
            IsSecret = isSecret;
        }

        public string Name { get; }
        public string Value { get; }
        public bool IsSecret { get; }

        /// <summary>The app's sign-in values: tenant, client id, and the credential New-ALOpsS2SApp just made.</summary>
        public static List<PipelineVariable> From(S2SApp app, SecureString? certificatePassword)
        {
            var variables = new List<PipelineVariable>
            {
                new PipelineVariable("azure_tenant_id", app.TenantId, false),
                new PipelineVariable("azure_app_client_id", app.ClientId, false),
            };
            if (app.ClientSecret != null && app.ClientSecret.Length > 0)
                variables.Add(new PipelineVariable("azure_app_client_secret", Plain(app.ClientSecret), true));
            if (!string.IsNullOrEmpty(app.CertificatePath))
            {
                variables.Add(new PipelineVariable("azure_app_client_certificate", app.CertificatePath!, false));
                if (certificatePassword != null && certificatePassword.Length > 0)
                    variables.Add(new PipelineVariable("azure_app_client_certificate_password", Plain(certificatePassword), true));
            }
            return variables;
        }

        // The one place a secret becomes a string on purpose: to hand it to the CI system as a masked variable.
        private static string Plain(SecureString value) => new System.Net.NetworkCredential(string.Empty, value).Password;
    }
}
