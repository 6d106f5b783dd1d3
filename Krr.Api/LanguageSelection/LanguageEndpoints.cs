using System.Collections.Immutable;
using Krr.Api.Auth;
using Krr.Api.Wire;
using Krr.Grains.Domain;
using Krr.Grains.LanguageSelection;
using Krr.Grains.Lookup;

namespace Krr.Api.LanguageSelection;

/// <summary>
/// The agencies' language write (språkvalg, SPEC §9): set a person's language only when it has none. A batch
/// answers 200 with one result per pair (201/200/409 as a single call would), so one pair that was already set
/// does not hide what happened to the others. Invalid input changes nothing and answers 400.
/// </summary>
public static class LanguageEndpoints
{
    public static IEndpointRouteBuilder MapLanguage(this IEndpointRouteBuilder app)
    {
        app.MapPost("/rest/v2/krr/spraak", HandleAsync).RequireAuthorization(KrrPolicies.LanguageWrite);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IGrainFactory grains)
    {
        var (request, malformed) = await JsonBody.ReadAsync(http.Request, LanguageJsonContext.Default.LanguageRequest,
            """{"personer": [{"personidentifikator": "…", "spraak": "nb"}]}""");
        if (malformed is not null)
        {
            return malformed;
        }
        var pairs = request?.Personer;
        if (pairs is null || pairs.Count == 0 || pairs.Count > LookupGrain.MaxBatchSize)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Wrong number of pairs",
                detail: $"The body must hold \"personer\" with 1 to {LookupGrain.MaxBatchSize} pairs; it has {pairs?.Count ?? 0}.");
        }

        var choices = ImmutableArray.CreateBuilder<LanguageChoice>(pairs.Count);
        var invalid = new List<InvalidPair>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (!PersonIdentifier.TryParse(pairs[i]?.Personidentifikator, out var identifier, out var error))
            {
                invalid.Add(new InvalidPair(i, error.Code, error.Message));
            }
            else if (!seen.Add(identifier.Value))
            {
                invalid.Add(new InvalidPair(i, "personidentifikator.repeated", "The same person appears earlier in the batch; send each person once."));
            }
            else if (!Grains.Domain.Language.TryParse(pairs[i]!.Spraak, out var language, out error))
            {
                invalid.Add(new InvalidPair(i, error.Code, error.Message));
            }
            else
            {
                choices.Add(new LanguageChoice(identifier.Value, language.Code));
            }
        }
        if (invalid.Count > 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid pairs",
                detail: $"{invalid.Count} of {pairs.Count} pairs are not valid; no language was set.",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid });
        }

        var batch = choices.MoveToImmutable();
        var results = await grains.GetGrain<ILanguageBatchGrain>(0).SetUnsetLanguagesAsync(batch);
        var items = batch.Select((choice, i) => Item(choice.Identifier, results[i])).ToList();
        return Results.Json(new LanguageResponse(items), LanguageJsonContext.Default.LanguageResponse);
    }

    private static LanguageItemResult Item(string identifier, LanguageResult result) => result.Outcome switch
    {
        LanguageOutcome.Created => new(identifier, StatusCodes.Status201Created, "OPPRETTET", result.Language),
        LanguageOutcome.Set => new(identifier, StatusCodes.Status200OK, "SATT", result.Language),
        _ => new(identifier, StatusCodes.Status409Conflict, "ALLEREDE_SATT", result.Language),
    };
}
