using Krr.Api.Auth;

namespace Krr.Api.Lookup;

public static class LookupEndpoints
{
    public static IEndpointRouteBuilder MapLookup(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rest").RequireAuthorization(KrrPolicies.Lookup).RequireRateLimiting(LookupRateLimiting.Policy);
        group.MapPost("/v1/personer", (HttpContext http, LookupHandler handler) => handler.HandleAsync(http, LookupVersion.V1));
        group.MapPost("/v2/personer", (HttpContext http, LookupHandler handler) => handler.HandleAsync(http, LookupVersion.V2));
        return app;
    }
}
