namespace Krr.Api.Lookup;

/// <summary>What one caller may see of each person: the API version and the data blocks its scopes open.</summary>
public sealed record LookupView(LookupVersion Version, bool Contact, bool Mailbox);
