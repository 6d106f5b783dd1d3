using System.Diagnostics.CodeAnalysis;

namespace Krr.Grains.Domain;

/// <summary>The citizen's preferred language (<c>spraak</c>): one of the four the register supports.</summary>
public sealed record Language
{
    public static readonly Language Bokmaal = new("nb");
    public static readonly Language Nynorsk = new("nn");
    public static readonly Language English = new("en");
    public static readonly Language NorthernSami = new("se");

    public static IReadOnlyList<Language> All { get; } = [Bokmaal, Nynorsk, English, NorthernSami];

    private Language(string code) => Code = code;

    /// <summary>ISO 639-1 code, lower case.</summary>
    public string Code { get; }

    public override string ToString() => Code;

    /// <summary>
    /// The static instance's string when <paramref name="code"/> is one of the four exactly, else <paramref name="code"/>:
    /// every record states a language, and a million active records need not hold a million copies of "nb".
    /// </summary>
    public static string? SharedCode(string? code) => All.FirstOrDefault(l => l.Code == code)?.Code ?? code;

    public static Language Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    /// <summary>Case-insensitive; always yields one of the static instances.</summary>
    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out Language? result,
        [NotNullWhen(false)] out ValidationError? error)
    {
        var code = value?.Trim();
        result = All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));
        error = result is null
            ? new("spraak.invalid", $"spraak '{value}' is not supported; allowed values are {string.Join(", ", All)}")
            : null;
        return result is not null;
    }
}
