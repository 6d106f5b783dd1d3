using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Krr.Tests.Api;

/// <summary>One method and route the API maps, read from its <see cref="EndpointDataSource"/>.</summary>
public sealed record ApiEndpoint(string Method, string Route, RoutePattern Pattern, IReadOnlyList<string> Policies, bool Anonymous)
{
    /// <summary>Every endpoint the host maps, one entry per HTTP method, so endpoints added later are included without touching the tests.</summary>
    public static List<ApiEndpoint> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiEndpoint(
                method,
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.RoutePattern,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList(),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)))
            .ToList();

    /// <summary>The path with every route parameter replaced by <paramref name="parameter"/> (already URL-safe).</summary>
    public string PathWith(Func<string> parameter) =>
        "/" + string.Join('/', Pattern.PathSegments.Select(s => s.IsSimple && s.Parts[0].IsParameter
            ? parameter()
            : string.Concat(s.Parts.OfType<RoutePatternLiteralPart>().Select(p => p.Content))));
}
