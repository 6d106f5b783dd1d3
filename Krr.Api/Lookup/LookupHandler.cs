using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Krr.Api.AccessLog;
using Krr.Api.Auth;
using Krr.Api.Delegation;
using Krr.Api.Lookup.Jose;
using Krr.Api.Wire;
using Krr.Grains.Domain;
using Krr.Grains.Lookup;
using Krr.Hosting.Observability;

namespace Krr.Api.Lookup;

/// <summary>The lookup service (Oppslagstjenesten): validates a batch, reads it in one call to the silo, answers it with each person's prepared bytes for the caller's view.</summary>
public sealed class LookupHandler(
    IGrainFactory grains,
    RegisterClock clock,
    ResponseSigner signer,
    AccessLogWriter accessLog,
    DelegationCheck delegations,
    PreparedAnswers prepared,
    KrrMetrics metrics)
{
    private const string JoseMediaType = "application/jose";

    /// <summary>Resolved once: a grain reference is reusable, and resolving one reflects over the interface (about 1 % of a single-person lookup).</summary>
    private readonly ILookupGrain _lookup = grains.GetGrain<ILookupGrain>(0);

    public async Task<IResult> HandleAsync(HttpContext http, LookupVersion version)
    {
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = http.RequestAborted;
        if (http.User.GetAgencyCaller() is not { } caller)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an agency token",
                detail: "The lookup service answers agencies: the token carries no valid consumer organisation.");
        }
        if (await delegations.BlocksAsync(caller) is not { } blocks)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No active delegation",
                detail: $"Organisation {caller.SupplierOrg} has no active delegation from {caller.ConsumerOrg} that covers the token's scopes.");
        }

        var (request, malformed) = await JsonBody.ReadAsync(http.Request, LookupJsonContext.Default.LookupRequest, """{"personidentifikatorer": [...]}""");
        if (malformed is not null)
        {
            return malformed;
        }
        if (Validate(request) is { } problem)
        {
            return problem;
        }

        var identifiers = Distinct(request!.Personidentifikatorer!);
        var (persons, silosCertificates) = await ReadAsync(identifiers, blocks.Mailbox);
        // Certificates are only shown with the mailbox block; without it none are read. The silo sends those it saw
        // named; a provider it could not see (a person unchanged on another silo) is read from the provider.
        var certificates = blocks.Mailbox
            ? await MailboxCertificates.ForAsync(grains, persons.Select(p => p.Record), silosCertificates)
            : ImmutableDictionary<string, string>.Empty;
        var view = new LookupView(version, blocks.Contact, blocks.Mailbox);
        var now = clock.UtcNow;
        var answer = LookupAnswer.Create(identifiers, persons, view, now, certificates);

        await accessLog.AppendAsync(
            new AccessLogEntry(now, caller.ConsumerOrg, caller.SupplierOrg, http.Request.Path, caller.Scopes, identifiers),
            cancellationToken);
        metrics.RecordLookup(version == LookupVersion.V1 ? "v1" : "v2", identifiers.Length, Stopwatch.GetElapsedTime(started));

        return WantsJose(http.Request)
            ? Results.Text(signer.SignCompact(answer.ToArray()), JoseMediaType)
            : answer;
    }

    /// <summary>
    /// One call to the silo with the versions this process holds; it sends back only the records that changed, and
    /// each unchanged person is answered from the entry whose version was sent (never one stored since by another lookup);
    /// with <paramref name="certificates"/> also the certificates of the providers it saw named.
    /// </summary>
    private async Task<(PreparedPerson[] Persons, ImmutableDictionary<string, string?> Certificates)> ReadAsync(ImmutableArray<string> identifiers, bool certificates)
    {
        var held = new PreparedPerson?[identifiers.Length];
        var versions = new RecordVersion[identifiers.Length];
        var any = false;
        for (var i = 0; i < held.Length; i++)
        {
            if ((held[i] = prepared.Held(identifiers[i])) is { } person)
            {
                versions[i] = person.Published.Version;
                any = true;
            }
        }
        var reply = await _lookup.LookupAsync(identifiers, any ? ImmutableCollectionsMarshal.AsImmutableArray(versions) : [], certificates);
        var changed = reply.Records;
        var persons = new PreparedPerson[identifiers.Length];
        for (var i = 0; i < persons.Length; i++)
        {
            persons[i] = changed[i] is { } published ? prepared.Received(identifiers[i], published)
                : held[i] ?? throw new InvalidOperationException("The silo answered 'unchanged' for a person whose version was not sent.");
        }
        return (persons, reply.Certificates);
    }

    private static IResult? Validate(LookupRequest? request)
    {
        var identifiers = request?.Personidentifikatorer;
        if (identifiers is null || identifiers.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No identifiers",
                detail: "The body must hold \"personidentifikatorer\" with 1 to 1000 identifiers.");
        }
        if (identifiers.Count > LookupGrain.MaxBatchSize)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Too many identifiers",
                detail: $"At most {LookupGrain.MaxBatchSize} identifiers per lookup; the request has {identifiers.Count}.");
        }
        var invalid = new List<InvalidIdentifier>();
        foreach (var identifier in identifiers)
        {
            if (PersonIdentifier.Check(identifier) is { } error)
            {
                invalid.Add(new InvalidIdentifier(identifier, error.Code, error.Message));
            }
        }
        return invalid.Count == 0
            ? null
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid personidentifikator",
                detail: $"{invalid.Count} of {identifiers.Count} identifiers are not valid; nothing was looked up.",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid });
    }

    /// <summary>The identifiers in their order, each once; sized up front, since a batch of 1000 grown step by step allocated twice over.</summary>
    private static ImmutableArray<string> Distinct(IReadOnlyList<string?> identifiers)
    {
        var seen = new HashSet<string>(identifiers.Count, StringComparer.Ordinal);
        var distinct = ImmutableArray.CreateBuilder<string>(identifiers.Count);
        foreach (var identifier in identifiers)
        {
            if (seen.Add(identifier!))
            {
                distinct.Add(identifier!);
            }
        }
        return distinct.DrainToImmutable();
    }

    internal static bool WantsJose(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(JoseMediaType, StringComparison.OrdinalIgnoreCase));
}
