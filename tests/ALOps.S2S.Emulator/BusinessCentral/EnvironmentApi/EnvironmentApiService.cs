using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Batching;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The environment APIs' single entry (<c>/v2.0/[{tenant}/]{environment}/api/...</c>): token, tenant, environment,
/// the acting BC user, then the route (or an OData <c>$batch</c>, <see cref="ODataBatchHandler"/>), all inside the world
/// lock; answers in BC's OData shapes.
/// </summary>
public sealed class EnvironmentApiService(DirectoryStore store, BcTokenValidator tokens, ODataBatchHandler batches)
{
    public async Task HandleAsync(HttpContext context, string? path)
    {
        try
        {
            var target = EnvironmentApiPath.Parse(path ?? "") ?? throw ODataErrors.RouteNotFound(context.Request.Path);
            if (JsonBatchRunner.IsBatch(context) && target.Resource is [{ Name: "$batch", Key: null }] && store.Run(world => world.Settings.ODataBatch))
            {
                var token = ReadToken(context.Request);
                var (caller, environment, _) = store.Run(world => Admit(world, context, target, token));
                await batches.HandleAsync(context, target, caller, environment);
                return;
            }
            var body = await ReadBodyAsync(context);
            var serviceRoot = $"{context.Request.Scheme}://{context.Request.Host}{target.ServiceRootPath}";
            var ifMatch = context.Request.Headers.IfMatch.ToString();
            var bearer = ReadToken(context.Request);
            var result = store.Run(world =>
            {
                var (_, environment, user) = Admit(world, context, target, bearer);
                var expand = EnvironmentQueryOptions.Read(context.Request.Query, context.Request.Method, target, world.Settings);
                var request = new EnvironmentApiRequest(world, environment, user, serviceRoot, target.Resource, body, ifMatch, expand);
                return Dispatch(context.Request.Method, target, request);
            });
            if (result.Location is { } location) context.Response.Headers.Location = location;
            await ODataResponseWriter.WriteAsync(context, result.StatusCode, result.Body);
        }
        catch (ODataException failure)
        {
            await ODataResponseWriter.WriteErrorAsync(context, failure);
        }
    }

    /// <summary>Who calls, in which environment, as which BC user (401/404/503 otherwise).</summary>
    private (BcCaller Caller, BcEnvironment Environment, BcUser User) Admit(WorldState world, HttpContext context, EnvironmentApiPath target, JsonWebToken token)
    {
        var caller = Authenticate(world, token);
        RequestLog.Annotate(context, caller.ClientAppId.ToString(), null);
        var environment = ResolveEnvironment(caller, target);
        return (caller, environment, EnvironmentAuthenticator.Authenticate(caller, environment, target.Api, world.Now));
    }

    /// <summary>The bearer token, read and verified before the world's lock is taken (401 when it is none of Entra's).</summary>
    private JsonWebToken ReadToken(HttpRequest request)
    {
        try
        {
            return tokens.Read(request);
        }
        catch (BcTokenRejectedException)
        {
            throw ODataErrors.InvalidCredentials();
        }
    }

    private BcCaller Authenticate(WorldState world, JsonWebToken token)
    {
        try
        {
            return tokens.Validate(world, token);
        }
        catch (BcTokenRejectedException)
        {
            throw ODataErrors.InvalidCredentials();
        }
    }

    /// <summary>A tenant named in the path must be the token's tenant; without one, the token's tenant applies.</summary>
    private static BcEnvironment ResolveEnvironment(BcCaller caller, EnvironmentApiPath target)
    {
        if (target.TenantSegment is { } segment && !caller.Tenant.IsNamedBy(segment)) throw ODataErrors.InvalidCredentials();
        var environment = caller.Tenant.BusinessCentral.FindEnvironment(target.Environment) ?? throw ODataErrors.EnvironmentNotFound(target.Environment);
        return environment.IsActive ? environment : throw ODataErrors.EnvironmentNotActive(environment);
    }

    private static ODataResult Dispatch(string method, EnvironmentApiPath target, EnvironmentApiRequest request) => (target.Api, method, target.Resource) switch
    {
        (BcApi.Standard or BcApi.Automation, "GET", [{ Name: "companies", Key: null }]) => CompaniesResource.List(request, target.Api),
        (BcApi.Standard or BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }]) => CompaniesResource.Get(request, target.Api, company),

        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "users", Key: null }]) =>
            UsersResource.List(request, company),
        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "users", Key: { } user }]) =>
            UsersResource.Get(request, company, user),
        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "users", Key: { } user }, { Name: "userPermissions", Key: null }]) =>
            UserPermissionsResource.List(request, company, user),
        (BcApi.Automation, "POST", [{ Name: "companies", Key: { } company }, { Name: "users", Key: { } user }, { Name: "userPermissions", Key: null }]) =>
            UserPermissionsResource.Create(request, company, user),
        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "users", Key: { } user }, { Name: "userPermissions", Key: { } permission }]) =>
            UserPermissionsResource.Get(request, company, user, permission),
        (BcApi.Automation, "DELETE", [{ Name: "companies", Key: { } company }, { Name: "users", Key: { } user }, { Name: "userPermissions", Key: { } permission }]) =>
            UserPermissionsResource.Delete(request, company, user, permission),
        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "permissionSets", Key: null }]) =>
            PermissionSetsResource.List(request, company),
        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "extensions", Key: null }]) =>
            ExtensionsResource.List(request, company),
        (BcApi.Automation, "GET", [{ Name: "companies", Key: { } company }, { Name: "extensions", Key: { } package }]) =>
            ExtensionsResource.Get(request, company, package),
        (BcApi.Automation, "POST", [{ Name: "companies", Key: { } company }, { Name: "extensions", Key: { } package }, { Name: "Microsoft.NAV.install" or "Microsoft.NAV.uninstall", Key: null } action]) =>
            ExtensionsResource.Act(request, company, package, action.Name),

        (BcApi.Standard or BcApi.Automation, _, [.., { Name: "companies" or "users" or "userPermissions" or "permissionSets" or "extensions" } last]) when method != "GET" =>
            throw ODataErrors.MethodNotAllowed(method, last.Name),
        _ => throw ODataErrors.RouteNotFound(target.ServiceRootPath + "/" + string.Join('/', target.Resource)),
    };

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.Method is not ("POST" or "PATCH")) return null;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw ODataErrors.BadRequest("The request body is not a valid JSON object.");
        }
    }
}
