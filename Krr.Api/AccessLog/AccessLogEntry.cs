namespace Krr.Api.AccessLog;

/// <summary>One lookup as the access log keeps it (SPEC §4): who asked, through which endpoint, with which scopes, for whom.</summary>
public sealed record AccessLogEntry(
    DateTimeOffset LoggedAt,
    string ConsumerOrg,
    string? SupplierOrg,
    string Endpoint,
    IReadOnlyCollection<string> Scopes,
    IReadOnlyCollection<string> Identifiers);
