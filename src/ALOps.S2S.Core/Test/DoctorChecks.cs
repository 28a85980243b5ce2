namespace ALOps.S2S.Core.Test
{
    /// <summary>The names of the checks, in the order they run.</summary>
    public static class DoctorChecks
    {
        public const string TenantResolves = "TenantResolves";
        public const string TokenForBusinessCentral = "TokenForBusinessCentral";
        public const string RolesInToken = "RolesInToken";
        public const string CredentialExpiry = "CredentialExpiry";
        public const string AdminCenter = "AdminCenter";
        public const string StandardApi = "StandardApi";
        public const string AutomationApi = "AutomationApi";
        public const string ExtensionManagement = "ExtensionManagement";

        // Without the app's credential, as the operator (see OperatorViewChecks).
        public const string AdminCenterAuthorized = "AdminCenterAuthorized";
        public const string Registered = "Registered";
        public const string PermissionSets = "PermissionSets";
    }
}
