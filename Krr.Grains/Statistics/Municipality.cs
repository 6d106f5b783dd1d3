using System.Diagnostics.CodeAnalysis;
using Krr.Grains.Domain;

namespace Krr.Grains.Statistics;

/// <summary>
/// A kommunenummer: four digits, the first two the county (fylkesnummer) since the 2024 county reform.
/// Only numbers of the fifteen current counties are accepted.
/// </summary>
public sealed record Municipality
{
    public static IReadOnlyDictionary<string, string> Counties { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["03"] = "Oslo",
        ["11"] = "Rogaland",
        ["15"] = "Møre og Romsdal",
        ["18"] = "Nordland",
        ["31"] = "Østfold",
        ["32"] = "Akershus",
        ["33"] = "Buskerud",
        ["34"] = "Innlandet",
        ["39"] = "Vestfold",
        ["40"] = "Telemark",
        ["42"] = "Agder",
        ["46"] = "Vestland",
        ["50"] = "Trøndelag",
        ["55"] = "Troms",
        ["56"] = "Finnmark",
    };

    private Municipality(string number) => Number = number;

    public string Number { get; }

    public string CountyNumber => Number[..2];

    public string CountyName => Counties[CountyNumber];

    public override string ToString() => Number;

    public static bool TryParse(string? value, [NotNullWhen(true)] out Municipality? result, [NotNullWhen(false)] out ValidationError? error)
    {
        result = null;
        if (value is not { Length: 4 } || !value.All(char.IsAsciiDigit))
        {
            error = new("kommunenummer.format", $"kommunenummer '{value}' must be 4 digits");
            return false;
        }
        if (!Counties.ContainsKey(value[..2]))
        {
            error = new("kommunenummer.county", $"kommunenummer '{value}' names no county: {value[..2]} is not a county number");
            return false;
        }
        error = null;
        result = new Municipality(value);
        return true;
    }

    public static Municipality Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);
}
