namespace Krr.Api.Auth;

/// <summary>
/// A machine caller (Maskinporten token). <see cref="ConsumerOrg"/> is the legal caller; <see cref="SupplierOrg"/> is
/// the supplier acting on its behalf through an Altinn delegation (krr-reference.md §1.5). Both are 9-digit org numbers.
/// </summary>
public sealed record AgencyCaller(string ConsumerOrg, string? SupplierOrg, IReadOnlySet<string> Scopes)
{
    /// <summary>True when a supplier different from the consumer presented the token.</summary>
    public bool IsSupplier => SupplierOrg is not null && !string.Equals(SupplierOrg, ConsumerOrg, StringComparison.Ordinal);

    /// <summary>May see contact information, varslingsstatus and language.</summary>
    public bool CanReadContact =>
        Scopes.Contains(KrrScopes.ContactRead) || (IsSupplier && Scopes.Contains(KrrScopes.DelegatedContactRead));

    /// <summary>May see digital mailbox and certificate.</summary>
    public bool CanReadMailbox =>
        Scopes.Contains(KrrScopes.MailboxRead) || (IsSupplier && Scopes.Contains(KrrScopes.DelegatedMailboxRead));

    /// <summary>Holds at least one scope that grants the lookup service.</summary>
    public bool HasAnyLookupScope => KrrScopes.LookupScopes.Any(Scopes.Contains);
}
