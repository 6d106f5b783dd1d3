using System.Text.Json;
using Krr.Api.Auth;
using Krr.Grains.Population;

namespace Krr.Api.Population;

/// <summary>Folkeregisteret upkeep (SPEC §10): the operator's ingestion endpoint.</summary>
public static class PopulationEndpoints
{
    /// <summary>Large enough for a day of Folkeregisteret events, small enough that one request stays short.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>Room for <see cref="MaxBatchSize"/> events of about a kilobyte; above the API's default body limit.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPopulation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/folkeregister/hendelser", IngestAsync).RequireAuthorization(KrrPolicies.Operator)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    private static async Task<IResult> IngestAsync(HttpContext http, IGrainFactory grains)
    {
        FolkeregisterBatch? batch;
        try
        {
            batch = await JsonSerializer.DeserializeAsync<FolkeregisterBatch>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON",
                detail: $"The body is not valid JSON of the form {{\"hendelser\": [...]}}: {exception.Message}");
        }
        var events = batch?.Hendelser;
        if (events is null || events.Count == 0 || events.Count > MaxBatchSize)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No events or too many",
                detail: $"The body must hold \"hendelser\" with 1 to {MaxBatchSize} events; it has {events?.Count ?? 0}.");
        }
        if (Validate(events, out var valid) is { Count: > 0 } invalid)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid events",
                detail: $"{invalid.Count} of {events.Count} events are not valid; nothing was applied.",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid });
        }
        var result = await FolkeregisterIngestion.ApplyAsync(grains, valid);
        return Results.Ok(new FolkeregisterBatchResult(result.Applied, result.Replayed));
    }

    /// <summary>Every event must be valid, and one sequence number must not name two different events.</summary>
    private static List<InvalidEvent> Validate(IReadOnlyList<FolkeregisterHendelse> events, out List<FolkeregisterEvent> valid)
    {
        var invalid = new List<InvalidEvent>();
        var bySequence = new Dictionary<long, FolkeregisterEvent>();
        valid = new List<FolkeregisterEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                invalid.Add(new InvalidEvent(i, null, "hendelse.missing", "the event is null; each entry of hendelser must be an event object"));
            }
            else if (!events[i].TryValidate(out var change, out var error))
            {
                invalid.Add(new InvalidEvent(i, events[i].Sekvensnummer, error.Code, error.Message));
            }
            else if (bySequence.TryGetValue(change.Sequence, out var other) && other != change)
            {
                invalid.Add(new InvalidEvent(i, change.Sequence, "sekvensnummer.conflict",
                    $"sekvensnummer {change.Sequence} is used by two different events in the batch"));
            }
            else if (bySequence.TryAdd(change.Sequence, change))
            {
                valid.Add(change);
            }
        }
        return invalid;
    }
}
