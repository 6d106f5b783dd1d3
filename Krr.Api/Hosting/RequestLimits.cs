using Krr.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Krr.Api.Hosting;

/// <summary>
/// Explicit limits on what one request may cost: body size, header size and count, and how long a handler may
/// run. Kestrel's defaults (30 MB bodies, no handler timeout) are sized for file uploads, not for an API whose
/// largest ordinary body is a 1000-person lookup of about 16 KB.
/// </summary>
public static class RequestLimits
{
    /// <summary>Default body limit; the Folkeregisteret batch endpoint raises its own.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddKrrRequestLimits(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var maxBody = configuration.GetValue(KrrConfigurationKeys.MaxRequestBodyBytes, DefaultMaxRequestBodyBytes);
        var timeout = configuration.GetValue(KrrConfigurationKeys.RequestTimeout, DefaultRequestTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = timeout,
            // A handler that ran out of time met a slow dependency: the client may try again, as for any 503.
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = http =>
            {
                http.Response.Headers.RetryAfter = UnavailableExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable",
                    detail: $"The request did not finish within {timeout.TotalSeconds:0} s. Try again in {UnavailableExceptionHandler.RetryAfterSeconds} s.").ExecuteAsync(http);
            },
        });
        builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>();
        return builder;
    }
}
