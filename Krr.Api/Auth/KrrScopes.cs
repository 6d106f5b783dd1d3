namespace Krr.Api.Auth;

/// <summary>The OAuth scopes KRR understands (krr-reference.md §1.4), plus our own operator scope.</summary>
public static class KrrScopes
{
    /// <summary>Maskinporten: contact information, varslingsstatus and language.</summary>
    public const string ContactRead = "krr:global/kontaktinformasjon.read";

    /// <summary>Maskinporten: digital mailbox address and certificate.</summary>
    public const string MailboxRead = "krr:global/digitalpost.read";

    /// <summary>Maskinporten delegation scope (supplier on behalf of consumer); same data as <see cref="ContactRead"/>.</summary>
    public const string DelegatedContactRead = "krr:global/kontaktinfo.read";

    /// <summary>Maskinporten delegation scope (supplier on behalf of consumer); same data as <see cref="MailboxRead"/>.</summary>
    public const string DelegatedMailboxRead = "krr:global/postkasse.read";

    /// <summary>Maskinporten: the changes feed (local copy).</summary>
    public const string ChangesRead = "krr:global/hentendring.read";

    /// <summary>Maskinporten: change a person's language.</summary>
    public const string LanguageWrite = "krr:global/spraak.write";

    /// <summary>Maskinporten: mailbox providers report mailbox addresses.</summary>
    public const string MailboxWrite = "krr:global/postkasse.write";

    /// <summary>ID-porten: the logged-in user's own contact information.</summary>
    public const string UserContactRead = "krr:user/kontaktinformasjon.read";

    /// <summary>ID-porten: the logged-in user's own mailbox.</summary>
    public const string UserMailboxRead = "krr:user/digitalpost.read";

    /// <summary>ID-porten: the logged-in user changes their own language.</summary>
    public const string UserLanguageWrite = "krr:user/spraak.write";

    /// <summary>Our own scope for operator endpoints.</summary>
    public const string OperatorAdmin = "krr:operator/admin";

    /// <summary>Prefix shared by all user-bound (ID-porten) scopes.</summary>
    public const string UserScopePrefix = "krr:user/";

    /// <summary>The scopes that give access to the lookup service (any one suffices).</summary>
    public static IReadOnlyList<string> LookupScopes { get; } =
        [ContactRead, MailboxRead, DelegatedContactRead, DelegatedMailboxRead];
}
