using System.Text.Json.Serialization;

namespace Krr.Api.MailboxProviders;

/// <summary>A provider's request about one person's mailbox; field names as in the register's provider interface.</summary>
public sealed record MailboxRequest(
    [property: JsonPropertyName("personidentifikator")] string? Personidentifikator,
    [property: JsonPropertyName("virksomhetsidentifikator")] string? Virksomhetsidentifikator,
    [property: JsonPropertyName("postkasseadresse")] string? Postkasseadresse,
    [property: JsonPropertyName("sertifikat")] string? Sertifikat);

public sealed record CertificateRequest([property: JsonPropertyName("sertifikat")] string? Sertifikat);

public sealed record ProviderOkResponse([property: JsonPropertyName("status")] string Status);
