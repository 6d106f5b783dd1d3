using System.Globalization;
using System.Threading.RateLimiting;
using Krr.Api.Auth;
using Krr.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace Krr.Api.Lookup;

/// <summary>
/// A fixed window of lookup requests per consumer organisation (the legal caller, so suppliers count against
/// the agency they act for), so one agency cannot starve the others. Runs after authorization: refused tokens
/// cost nothing, and every request that reaches it has a consumer.
/// </summary>
public static class LookupRateLimiting
{
    public const string Policy = "lookup-per-consumer";

    public static IServiceCollection AddLookupRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue(KrrConfigurationKeys.LookupRateLimitPermits, 100);
        var window = TimeSpan.FromSeconds(configuration.GetValue(KrrConfigurationKeys.LookupRateLimitWindowSeconds, 1.0));
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.GetAgencyCaller()?.ConsumerOrg ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many lookups",
                    detail: $"This organisation may make {permits} lookups per {window.TotalSeconds:0.###} s; try again in {seconds} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }
}
