namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary><c>companies</c> of the standard API (<c>api/v2.0</c>) and of the automation API: any permission set may read them.</summary>
public static class CompaniesResource
{
    public static ODataResult List(EnvironmentApiRequest request, BcApi api)
    {
        EnvironmentPermissions.RequireAny(request.Environment, request.User, "Company", "Read");
        return ODataResult.Ok(request.Collection(request.Environment.Companies.Select(c => Describe(c, api))));
    }

    public static ODataResult Get(EnvironmentApiRequest request, BcApi api, string key)
    {
        var company = request.Company(key);
        EnvironmentPermissions.RequireAny(request.Environment, request.User, "Company", "Read");
        return ODataResult.Ok(request.Entity(Describe(company, api)));
    }

    private static System.Text.Json.Nodes.JsonObject Describe(BcCompany company, BcApi api) =>
        api == BcApi.Automation ? EnvironmentApiJson.AutomationCompany(company) : EnvironmentApiJson.StandardCompany(company);
}
