using System.Collections.Frozen;
using System.Security.Claims;
using System.Text.Json;
using BitFaster.Caching.Lru;

namespace Krr.Api.Auth;

/// <summary>
/// Reads KRR callers from validated token claims (requires <c>MapInboundClaims = false</c>). A lookup reads its caller
/// three times (rate limit, authorisation, handler), so the claims are walked without LINQ, and what is parsed from a
/// claim's value (an organisation's JSON, a scope list) is remembered per value: a pure function of a string from a
/// validated token, of which an agency sends the same few with every request.
/// </summary>
public static class KrrClaims
{
    /// <summary>Distinct claim values remembered per kind (least recently used go first).</summary>
    private const int ParsedValues = 1_000;

    private static readonly FastConcurrentLru<string, string?> Organizations = new(Environment.ProcessorCount, ParsedValues, StringComparer.Ordinal);
    private static readonly FastConcurrentLru<string, FrozenSet<string>> ScopeLists = new(Environment.ProcessorCount, ParsedValues, StringComparer.Ordinal);

    /// <summary>Space-separated scopes (Maskinporten, ID-porten).</summary>
    public const string Scope = "scope";

    /// <summary>JSON object <c>{"authority":"iso6523-actorid-upis","ID":"0192:orgnr"}</c>: the legal caller.</summary>
    public const string Consumer = "consumer";

    /// <summary>Same shape as <see cref="Consumer"/>: the supplier acting for the consumer.</summary>
    public const string Supplier = "supplier";

    /// <summary>Person identifier of the logged-in user (ID-porten).</summary>
    public const string Pid = "pid";

    /// <summary>All scopes of the authenticated identities; empty when none.</summary>
    public static IReadOnlySet<string> GetScopes(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (Count(principal, Scope, out var only) <= 1)
        {
            return only is null ? FrozenSet<string>.Empty : ScopeLists.GetOrAdd(only.Value, ParseScopes);
        }
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in principal.Identities)
        {
            if (identity.IsAuthenticated)
            {
                foreach (var claim in identity.FindAll(Scope))
                {
                    scopes.UnionWith(ScopeLists.GetOrAdd(claim.Value, ParseScopes));
                }
            }
        }
        return scopes;
    }

    /// <summary>
    /// The agency caller, or null when the principal is not authenticated, carries no valid <c>consumer</c>, carries a
    /// malformed <c>supplier</c>, or is a user-bound token (has <c>pid</c>: ID-porten tokens may also name a consumer).
    /// </summary>
    public static AgencyCaller? GetAgencyCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (Count(principal, Pid, out _) > 0
            || Count(principal, Consumer, out var consumerClaim) != 1
            || Organization(consumerClaim!.Value) is not { } consumer)
        {
            return null;
        }

        string? supplier = null;
        switch (Count(principal, Supplier, out var supplierClaim))
        {
            case > 1:
                return null;
            case 1:
                supplier = Organization(supplierClaim!.Value);
                if (supplier is null)
                {
                    return null;
                }
                break;
        }

        return new AgencyCaller(consumer, supplier, principal.GetScopes());
    }

    /// <summary>The citizen caller, or null when there is no single well-formed <c>pid</c> claim.</summary>
    public static CitizenCaller? GetCitizenCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (Count(principal, Pid, out var pid) != 1 || !KrrIdentifiers.IsPersonIdentifier(pid!.Value))
        {
            return null;
        }

        return new CitizenCaller(pid.Value, principal.GetScopes());
    }

    /// <summary>Parses <c>{"authority":"iso6523-actorid-upis","ID":"0192:orgnr"}</c>; null unless exactly that shape.</summary>
    internal static string? ReadOrganization(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("authority", out var authority)
                || authority.ValueKind != JsonValueKind.String
                || authority.GetString() != KrrIdentifiers.Iso6523Authority
                || !root.TryGetProperty("ID", out var id)
                || id.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var value = id.GetString()!;
            if (!value.StartsWith(KrrIdentifiers.NorwegianOrgIcdPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var org = value[KrrIdentifiers.NorwegianOrgIcdPrefix.Length..];
            return KrrIdentifiers.IsOrganizationNumber(org) ? org : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How many claims of <paramref name="type"/> the authenticated identities carry (each identity matching types its own way), and the first.</summary>
    private static int Count(ClaimsPrincipal principal, string type, out Claim? first)
    {
        first = null;
        var count = 0;
        foreach (var identity in principal.Identities)
        {
            if (identity.IsAuthenticated)
            {
                foreach (var claim in identity.FindAll(type))
                {
                    first ??= claim;
                    count++;
                }
            }
        }
        return count;
    }

    private static string? Organization(string json) => Organizations.GetOrAdd(json, ReadOrganization);

    private static FrozenSet<string> ParseScopes(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToFrozenSet(StringComparer.Ordinal);
}
