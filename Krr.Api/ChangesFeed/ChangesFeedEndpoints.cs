using Krr.Api.Auth;
using Krr.Api.Lookup;
using Krr.Api.Wire;
using Krr.Grains;

namespace Krr.Api.ChangesFeed;

/// <summary>The changes feed (hentEndringer, SPEC §9) for agencies that keep a local copy.</summary>
public static class ChangesFeedEndpoints
{
    /// <summary>The feed never filtered by scope (krr-reference.md §5.1): every block, v2 fields.</summary>
    private static readonly LookupView FullView = new(LookupVersion.V2, Contact: true, Mailbox: true);

    public static IServiceCollection AddChangesFeed(this IServiceCollection services) =>
        services.AddSingleton<ChangesFeedStore>();

    public static IEndpointRouteBuilder MapChangesFeed(this IEndpointRouteBuilder app)
    {
        app.MapPost("/rest/v2/krr/hentEndringer", HandleAsync).RequireAuthorization(KrrPolicies.ChangesRead);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ChangesFeedStore store, IGrainFactory grains, RegisterClock clock)
    {
        var (request, malformed) = await JsonBody.ReadAsync(http.Request, ChangesFeedJsonContext.Default.ChangesRequest, """{"fraEndringsId": <number>}""");
        if (malformed is not null)
        {
            return malformed;
        }
        if (request?.FraEndringsId is not { } from || from < 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No fraEndringsId",
                detail: "The body must hold \"fraEndringsId\", a non-negative change id; changes from and including it are returned.");
        }

        var page = await store.ReadAsync(from, http.RequestAborted);
        var records = page.Changes.Select(c => c.Record).ToList();
        var certificates = await MailboxCertificates.ForAsync(grains, records);
        var now = clock.UtcNow;
        var list = records.Select(r => PersonProjection.Project(r.Identifier, r, FullView, now, certificates)).ToList();
        // An empty page means the caller is past the newest change: til = siste tells it there is nothing more.
        var to = page.Changes.Count == 0 ? page.LatestId : page.Changes[^1].ChangeId;
        return Results.Json(new ChangesResponse(list, from, to, page.LatestId), ChangesFeedJsonContext.Default.ChangesResponse);
    }
}
