using System.Diagnostics.CodeAnalysis;

namespace Krr.Grains.Domain;

/// <summary>A 9-digit Norwegian organisation number (Enhetsregisteret), mod-11 checked.</summary>
public sealed record OrganizationNumber
{
    private static ReadOnlySpan<int> Weights => [3, 2, 7, 6, 5, 4, 3, 2];

    private OrganizationNumber(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static OrganizationNumber Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out OrganizationNumber? result,
        [NotNullWhen(false)] out ValidationError? error)
    {
        result = null;
        error = Validate(value);
        if (error is not null)
            return false;
        result = new OrganizationNumber(value!);
        return true;
    }

    private static ValidationError? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return new("orgnr.missing", "organisation number is missing");
        if (!Mod11.AllAsciiDigits(value, out var bad))
            return new("orgnr.nondigit",
                $"organisation number '{value}' must contain only digits, found '{value[bad]}' at position {bad + 1}");
        if (value.Length != 9)
            return new("orgnr.length", $"organisation number '{value}' must be 9 digits, got {value.Length}");
        if (Mod11.CheckDigit(value, Weights) != value[8] - '0')
            return new("orgnr.checkdigit", $"organisation number '{value}' has an invalid check digit");
        return null;
    }
}
