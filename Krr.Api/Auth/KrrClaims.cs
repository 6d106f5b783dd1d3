using System.Security.Claims;
using System.Text.Json;

namespace Krr.Api.Auth;

/// <summary>Reads KRR callers from validated token claims (requires <c>MapInboundClaims = false</c>).</summary>
public static class KrrClaims
{
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
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in Claims(principal, Scope))
        {
            foreach (var scope in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                scopes.Add(scope);
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
        if (Claims(principal, Pid).Any())
        {
            return null;
        }

        var consumerClaims = Claims(principal, Consumer).ToList();
        if (consumerClaims.Count != 1 || ReadOrganization(consumerClaims[0].Value) is not { } consumer)
        {
            return null;
        }

        string? supplier = null;
        var supplierClaims = Claims(principal, Supplier).ToList();
        if (supplierClaims.Count > 1)
        {
            return null;
        }

        if (supplierClaims.Count == 1)
        {
            supplier = ReadOrganization(supplierClaims[0].Value);
            if (supplier is null)
            {
                return null;
            }
        }

        return new AgencyCaller(consumer, supplier, principal.GetScopes());
    }

    /// <summary>The citizen caller, or null when there is no single well-formed <c>pid</c> claim.</summary>
    public static CitizenCaller? GetCitizenCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var pids = Claims(principal, Pid).ToList();
        if (pids.Count != 1 || !KrrIdentifiers.IsPersonIdentifier(pids[0].Value))
        {
            return null;
        }

        return new CitizenCaller(pids[0].Value, principal.GetScopes());
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

    private static IEnumerable<Claim> Claims(ClaimsPrincipal principal, string type) =>
        principal.Identities.Where(i => i.IsAuthenticated).SelectMany(i => i.FindAll(type));
}
