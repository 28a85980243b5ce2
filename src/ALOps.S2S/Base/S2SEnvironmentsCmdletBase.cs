using System.Management.Automation;
using ALOps.S2S.Completers;

namespace ALOps.S2S.Base
{
    /// <summary>A waiting batch cmdlet acting on an app (by client id) in Business Central environments: named ones, or all of the tenant's.</summary>
    public abstract class S2SEnvironmentsCmdletBase : S2SWaitingCmdletBase
    {
        private protected const string NamedSet = "Named";
        private protected const string AllSet = "All";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        [AllowEmptyString] // a planned app (New-ALOpsS2SApp -WhatIf) has no client id yet; otherwise it is validated (InputValidation)
        public string? ClientId { get; set; }

        [Parameter(ParameterSetName = NamedSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
        public string[]? Environment { get; set; }

        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter AllEnvironments { get; set; }
    }
}
