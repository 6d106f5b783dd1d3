using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Krr.Api.Hosting;

/// <summary>
/// Turns failures that say "a dependency is down or the request was bad" into their own answers instead of 500:
/// <list type="bullet">
/// <item>a request Kestrel refused while the handler read it (body too large, client too slow): its status, as a problem;</item>
/// <item>PostgreSQL or the silo cluster not answering (connection refused, timeouts, a silo that died, an
/// optimistic-concurrency conflict left by a write whose outcome was lost): 503 with <c>Retry-After</c>, so clients
/// back off and retry instead of treating the register as broken. Nothing was acknowledged, so a retry is safe.</item>
/// </list>
/// Anything else stays a 500: it is a bug, not an outage.
/// </summary>
public sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            return await WriteAsync(http, exception, bad.StatusCode, "Bad request", bad.Message);
        }
        if (!IsUnavailable(exception))
        {
            return false;
        }
        LogUnavailable(logger, exception.GetType().Name);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await WriteAsync(http, exception, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
            $"The register's storage or cluster does not answer; nothing was changed. Try again in {RetryAfterSeconds} s.");
    }

    /// <summary>Whether <paramref name="exception"/> or one it wraps says a dependency is unavailable.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnavailable):
                case PostgresException postgres when IsConnectionState(postgres.SqlState):
                case NpgsqlException and not PostgresException:
                case SocketException or TimeoutException:
                case SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException:
                case InconsistentStateException:
                // An exception type the serializer of a remote silo could not reproduce here keeps its name.
                case UnavailableExceptionFallbackException fallback when fallback.ExceptionType?.StartsWith("Npgsql", StringComparison.Ordinal) == true
                                                                       || fallback.ExceptionType?.Contains("Socket", StringComparison.Ordinal) == true:
                    return true;
            }
        }
        return false;
    }

    /// <summary>Connection exceptions (08), shutdown and "cannot connect now" (57P0x), out of resources (53).</summary>
    private static bool IsConnectionState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P0", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal);

    private async ValueTask<bool> WriteAsync(HttpContext http, Exception exception, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: a dependency is unavailable ({ExceptionType})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
