using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Krr.Grains.Domain;
using Krr.Grains.Statistics;

namespace Krr.Grains.Population;

/// <summary>
/// A Folkeregisteret event on the wire (ingestion endpoint and JSON-lines files), with the register's
/// Norwegian names: <c>{"sekvensnummer":1,"hendelse":"FOEDSEL","personidentifikator":"…","kommunenummer":"0301"}</c>.
/// </summary>
public sealed record FolkeregisterHendelse
{
    public static IReadOnlyDictionary<string, FolkeregisterEventType> Types { get; } = new Dictionary<string, FolkeregisterEventType>(StringComparer.Ordinal)
    {
        ["FOEDSEL"] = FolkeregisterEventType.Birth,
        ["INNFLYTTING"] = FolkeregisterEventType.Immigration,
        ["FLYTTING"] = FolkeregisterEventType.Move,
        ["UTFLYTTING"] = FolkeregisterEventType.Emigration,
        ["DOEDSFALL"] = FolkeregisterEventType.Death,
        ["IDENTIFIKATORENDRING"] = FolkeregisterEventType.IdentifierChange,
    };

    [JsonPropertyName("sekvensnummer")] public long? Sekvensnummer { get; init; }
    [JsonPropertyName("hendelse")] public string? Hendelse { get; init; }
    [JsonPropertyName("personidentifikator")] public string? Personidentifikator { get; init; }
    [JsonPropertyName("kommunenummer")] public string? Kommunenummer { get; init; }
    [JsonPropertyName("ny_personidentifikator")] public string? NyPersonidentifikator { get; init; }

    public bool TryValidate([NotNullWhen(true)] out FolkeregisterEvent? result, [NotNullWhen(false)] out ValidationError? error)
    {
        result = null;
        error = Check();
        if (error is not null)
        {
            return false;
        }
        var type = Types[Hendelse!];
        result = new FolkeregisterEvent(Sekvensnummer!.Value, type, Personidentifikator!,
            NeedsMunicipality(type) ? Kommunenummer : null,
            type == FolkeregisterEventType.IdentifierChange ? NyPersonidentifikator : null);
        return true;
    }

    private ValidationError? Check()
    {
        if (Sekvensnummer is not > 0)
            return new("sekvensnummer.invalid", $"sekvensnummer must be a positive integer, got {Sekvensnummer?.ToString() ?? "nothing"}");
        if (Hendelse is null || !Types.TryGetValue(Hendelse, out var type))
            return new("hendelse.invalid", $"hendelse '{Hendelse}' is not one of {string.Join(", ", Types.Keys)}");
        if (!PersonIdentifier.TryParse(Personidentifikator, out _, out var identifierError))
            return identifierError;
        if (NeedsMunicipality(type) && !Municipality.TryParse(Kommunenummer, out _, out var municipalityError))
            return municipalityError;
        if (type == FolkeregisterEventType.IdentifierChange)
        {
            if (!PersonIdentifier.TryParse(NyPersonidentifikator, out _, out var newError))
                return newError with { Message = "ny_" + newError.Message };
            if (NyPersonidentifikator == Personidentifikator)
                return new("ny_personidentifikator.same", "ny_personidentifikator is the same as personidentifikator");
        }
        return null;
    }

    private static bool NeedsMunicipality(FolkeregisterEventType type) =>
        type is FolkeregisterEventType.Birth or FolkeregisterEventType.Immigration or FolkeregisterEventType.Move;
}
