namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// <c>companies</c> of the standard API (<c>api/v2.0</c>: any permission set may read them) and of the automation API
/// (like every automation entity: D365 AUTOMATION, SECURITY or SUPER).
/// </summary>
public static class CompaniesResource
{
    public static ODataResult List(EnvironmentApiRequest request, BcApi api)
    {
        RequireRead(request, api, company: null);
        return ODataResult.Ok(request.Collection(request.Environment.Companies.Select(c => Describe(c, api))));
    }

    public static ODataResult Get(EnvironmentApiRequest request, BcApi api, string key)
    {
        var company = request.Company(key);
        RequireRead(request, api, company);
        return ODataResult.Ok(request.Entity(Describe(company, api)));
    }

    private static void RequireRead(EnvironmentApiRequest request, BcApi api, BcCompany? company)
    {
        if (api == BcApi.Automation)
            EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "Company", "Read", EnvironmentPermissions.AutomationAccess);
        else
            EnvironmentPermissions.RequireAny(request.Environment, request.User, "Company", "Read");
    }

    private static System.Text.Json.Nodes.JsonObject Describe(BcCompany company, BcApi api) =>
        api == BcApi.Automation ? EnvironmentApiJson.AutomationCompany(company) : EnvironmentApiJson.StandardCompany(company);
}
