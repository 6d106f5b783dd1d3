using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Krr.Api.Hosting;

/// <summary>
/// Writes problem details as <c>application/problem+json</c> when the framework's writer declines because the
/// request's <c>Accept</c> names no JSON type (status code pages and the exception handler would otherwise answer
/// with an empty body): a client that asked for XML still learns what was wrong.
/// Registered after the default writer, so it only runs when that one declines.
/// </summary>
public sealed class AnyAcceptProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions, "application/problem+json"));
    }
}
