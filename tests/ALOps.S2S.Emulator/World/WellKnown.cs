namespace ALOps.S2S.Emulator.World;

/// <summary>Real identifiers of Microsoft first-party applications, roles and scopes (api-contracts.md §2, §3).</summary>
public static class WellKnown
{
    /// <summary>The Microsoft Services tenant that owns first-party application objects.</summary>
    public static readonly Guid MicrosoftServicesTenantId = Guid.Parse("f8cdef31-a31e-4b4a-93e4-5f571e91255a");

    public static readonly Guid MicrosoftGraphAppId = Guid.Parse("00000003-0000-0000-c000-000000000000");
    public const string MicrosoftGraphResource = "https://graph.microsoft.com";

    public static readonly Guid BusinessCentralAppId = Guid.Parse("996def3d-b36c-4153-8607-a6fd3c01b89f");
    public const string BusinessCentralResource = "https://api.businesscentral.dynamics.com";

    /// <summary>Microsoft Azure PowerShell: the public client BcContainerHelper uses, pre-authorized for Graph and BC.</summary>
    public static readonly Guid AzurePowerShellAppId = Guid.Parse("1950a258-227b-4e31-a9cf-717495945fc2");

    public const string FederatedTokenAudience = "api://AzureADTokenExchange";

    /// <summary>Microsoft Graph application permissions (app roles) the setup uses.</summary>
    public static class GraphRoles
    {
        public static readonly (string Value, Guid Id, string DisplayName)[] All =
        [
            ("Application.ReadWrite.All", Guid.Parse("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"), "Read and write all applications"),
            ("Application.ReadWrite.OwnedBy", Guid.Parse("18a4783c-866b-4cc7-a460-3d5e5662c884"), "Manage apps that this app creates or owns"),
            ("Application.Read.All", Guid.Parse("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"), "Read all applications"),
            ("AppRoleAssignment.ReadWrite.All", Guid.Parse("06b708a9-e830-4db3-a914-8e69da51d44f"), "Manage app permission grants and app role assignments"),
            ("Directory.Read.All", Guid.Parse("7ab1d382-f21e-4acd-a863-ba3e13f7da61"), "Read directory data"),
            ("Directory.ReadWrite.All", Guid.Parse("19dbc75e-c2e2-444c-a770-ec69d8559fc7"), "Read and write directory data"),
            ("Organization.Read.All", Guid.Parse("498476ce-e0fe-48b0-b801-37ba7e2685c6"), "Read organization information"),
            ("User.Read.All", Guid.Parse("df021288-bdef-4463-88db-98f22de89214"), "Read all users' full profiles"),
        ];
    }

    /// <summary>Microsoft Graph delegated permissions (oauth2PermissionScopes).</summary>
    public static class GraphScopes
    {
        public static readonly (string Value, Guid Id, string DisplayName)[] All =
        [
            ("Application.ReadWrite.All", Guid.Parse("bdfbf15f-ee85-4955-8675-146e8e5296b5"), "Read and write all applications"),
            ("Application.Read.All", Guid.Parse("c79f8feb-a9db-4090-85f9-90d820caa0eb"), "Read applications"),
            ("AppRoleAssignment.ReadWrite.All", Guid.Parse("84bccea3-f856-4a8a-967b-dbe0a3d53a64"), "Manage app permission grants and app role assignments"),
            ("Directory.AccessAsUser.All", Guid.Parse("0e263e50-5827-48a4-b97c-d940288653c7"), "Access directory as the signed in user"),
            ("Directory.Read.All", Guid.Parse("06da0dbc-49e2-44d2-8312-53f166ab848a"), "Read directory data"),
            ("User.Read", Guid.Parse("e1fe6dd8-ba31-4d61-89e7-88639da4683d"), "Sign in and read user profile"),
        ];
    }

    /// <summary>Business Central application permissions (api-contracts.md §3).</summary>
    public static class BusinessCentralRoles
    {
        public static readonly (string Value, Guid Id, string DisplayName)[] All =
        [
            ("API.ReadWrite.All", Guid.Parse("a42b0b75-311e-488d-b67e-8fe84f924341"), "Full access to web services API"),
            ("Automation.ReadWrite.All", Guid.Parse("d365bc00-a990-0000-00bc-160000000001"), "Full access to automation"),
            ("AdminCenter.ReadWrite.All", Guid.Parse("a20fe46f-4f63-4666-8e0e-9b882d90b837"), "Full access to Admin Center API"),
            ("app_access", Guid.Parse("3983b928-ed40-4111-bbad-e7910cf234bd"), "Access according to the application's permissions in Dynamics 365 Business Central"),
        ];
    }

    /// <summary>Business Central delegated permissions.</summary>
    public static class BusinessCentralScopes
    {
        public static readonly (string Value, Guid Id, string DisplayName)[] All =
        [
            ("Financials.ReadWrite.All", Guid.Parse("2fb13c28-9d89-417f-9af2-ec3065bc16e6"), "Access Dynamics 365 Business Central as the signed-in user"),
            ("user_impersonation", Guid.Parse("bce0976a-cb0b-473b-8800-84eda9f8e447"), "Access Dynamics 365 Business Central as the signed-in user"),
        ];
    }
}
