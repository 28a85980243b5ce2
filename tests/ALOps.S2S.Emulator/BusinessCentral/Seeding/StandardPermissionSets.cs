namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>The standard permission sets every seeded environment offers (role ids as BC spells them).</summary>
public static class StandardPermissionSets
{
    public const string Super = "SUPER";
    public const string Security = "SECURITY";
    public const string D365Automation = "D365 AUTOMATION";
    public const string ExtensionManagementAdmin = "EXTEN. MGT. - ADMIN";
    public const string D365Basic = "D365 BASIC";
    public const string D365Read = "D365 READ";
    public const string D365BackupRestore = "D365 BACKUP/RESTORE";
    public const string D365BusFullAccess = "D365 BUS FULL ACCESS";

    public static readonly Guid SystemApplicationId = Guid.Parse("63ca2fa4-4f03-4f2b-a480-172fef340d3f");
    public static readonly Guid BaseApplicationId = Guid.Parse("437dbf0e-84ff-417a-965d-ed2bb9650972");

    public static IEnumerable<BcPermissionSet> Create() =>
    [
        new(Super, "This role has all permissions.", SystemApplicationId, "System Application"),
        new(Security, "Assign permissions to users", SystemApplicationId, "System Application"),
        new(D365Automation, "Dyn. 365 Automation", BaseApplicationId, "Base Application"),
        new(ExtensionManagementAdmin, "Extension Management - Admin", SystemApplicationId, "System Application"),
        new(D365Basic, "Dynamics 365 Basic access", BaseApplicationId, "Base Application"),
        new(D365Read, "Dynamics 365 read access", BaseApplicationId, "Base Application"),
        new(D365BackupRestore, "Dyn. 365 Backup/Restore", BaseApplicationId, "Base Application"),
        new(D365BusFullAccess, "Dynamics 365 Full business access", BaseApplicationId, "Base Application"),
        new("D365 ACC. PAYABLE", "Dynamics 365 Accounts payable", BaseApplicationId, "Base Application"),
    ];
}
