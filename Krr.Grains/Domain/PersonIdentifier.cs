using System.Diagnostics.CodeAnalysis;

namespace Krr.Grains.Domain;

/// <summary>
/// A Norwegian <c>personidentifikator</c>: fødselsnummer or D-number, real or synthetic (Tenor),
/// <c>DDMMYY III K1 K2</c> (SPEC §2).
/// </summary>
/// <remarks>
/// Only the Tenor convention for synthetic identities (month + 80) is accepted. Month + 40 is shared by
/// NAV's synthetic identities and by H-numbers (hjelpenummer); neither belongs in the register, and
/// accepting it would make <see cref="IsSynthetic"/> ambiguous.
/// </remarks>
public sealed record PersonIdentifier
{
    private const int DNumberDayOffset = 40;
    private const int SyntheticMonthOffset = 80;
    private static ReadOnlySpan<int> K1Weights => [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static ReadOnlySpan<int> K2Weights => [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    private PersonIdentifier(string value, DateOnly birthDate, bool isDNumber, bool isSynthetic)
    {
        Value = value;
        BirthDate = birthDate;
        IsDNumber = isDNumber;
        IsSynthetic = isSynthetic;
    }

    public string Value { get; }
    public DateOnly BirthDate { get; }
    public bool IsDNumber { get; }
    public bool IsSynthetic { get; }

    /// <summary>Safe for logs and support screens: only the check digits remain.</summary>
    public string Masked => string.Concat(new string('*', Value.Length - 2), Value.AsSpan(Value.Length - 2));

    public override string ToString() => Value;

    public bool Equals(PersonIdentifier? other) => other is not null && other.Value == Value;

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public static PersonIdentifier Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out PersonIdentifier? result,
        [NotNullWhen(false)] out ValidationError? error)
    {
        result = null;
        error = Validate(value, out var birthDate, out var dNumber, out var synthetic);
        if (error is not null)
            return false;
        result = new PersonIdentifier(value!, birthDate, dNumber, synthetic);
        return true;
    }

    /// <summary>What is wrong with <paramref name="value"/> as an identifier, or null when it is valid; nothing allocated for a valid one (a lookup checks 1000 at a time).</summary>
    public static ValidationError? Check(string? value) => Validate(value, out _, out _, out _);

    /// <summary>
    /// Builds the identifier for <paramref name="birthDate"/> and <paramref name="individualNumber"/> with
    /// computed check digits; null when no valid identifier exists (check digit 10, or an individual number
    /// whose range does not encode the birth year's century). Callers loop individual numbers.
    /// </summary>
    public static PersonIdentifier? TryCreate(DateOnly birthDate, int individualNumber, bool synthetic, bool dNumber = false)
    {
        if (individualNumber is < 0 or > 999)
            return null;
        var yy = birthDate.Year % 100;
        if (Century(individualNumber, yy) is not { } century || century + yy != birthDate.Year)
            return null;

        Span<char> digits = stackalloc char[11];
        var day = birthDate.Day + (dNumber ? DNumberDayOffset : 0);
        var month = birthDate.Month + (synthetic ? SyntheticMonthOffset : 0);
        day.TryFormat(digits[..2], out _, "D2");
        month.TryFormat(digits[2..4], out _, "D2");
        yy.TryFormat(digits[4..6], out _, "D2");
        individualNumber.TryFormat(digits[6..9], out _, "D3");

        var k1 = Mod11.CheckDigit(digits, K1Weights);
        if (k1 < 0)
            return null;
        digits[9] = (char)('0' + k1);
        var k2 = Mod11.CheckDigit(digits, K2Weights);
        if (k2 < 0)
            return null;
        digits[10] = (char)('0' + k2);

        return new PersonIdentifier(new string(digits), birthDate, dNumber, synthetic);
    }

    /// <summary>The century encoded by the individual number, or null for the ranges that encode none.</summary>
    private static int? Century(int individualNumber, int yy) => individualNumber switch
    {
        <= 499 => 1900,
        <= 749 when yy >= 54 => 1800,
        >= 500 when yy <= 39 => 2000,
        >= 900 when yy >= 40 => 1900,
        _ => null,
    };

    private static ValidationError? Validate(string? value, out DateOnly birthDate, out bool dNumber, out bool synthetic)
    {
        birthDate = default;
        dNumber = synthetic = false;

        if (string.IsNullOrEmpty(value))
            return new("personidentifikator.missing", "personidentifikator is missing");
        if (!Mod11.AllAsciiDigits(value, out var bad))
            return new("personidentifikator.nondigit",
                $"personidentifikator '{value}' must contain only digits, found '{value[bad]}' at position {bad + 1}");
        if (value.Length != 11)
            return new("personidentifikator.length",
                $"personidentifikator '{value}' must be 11 digits, got {value.Length}");

        var span = value.AsSpan();
        var day = int.Parse(span[..2]);
        var month = int.Parse(span[2..4]);
        var yy = int.Parse(span[4..6]);
        var individual = int.Parse(span[6..9]);

        dNumber = day > DNumberDayOffset;
        synthetic = month > SyntheticMonthOffset;
        if (dNumber) day -= DNumberDayOffset;
        if (synthetic) month -= SyntheticMonthOffset;

        if (Century(individual, yy) is not { } century)
            return new("personidentifikator.date",
                $"personidentifikator '{value}' has no valid birth date: individual number {individual:D3} does not encode a century for year {yy:D2}");
        var year = century + yy;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return new("personidentifikator.date",
                $"personidentifikator '{value}' has no valid birth date: day {day:D2}, month {month:D2}, year {year}"
                + (dNumber ? " (D-number)" : "") + (synthetic ? " (synthetic)" : ""));
        birthDate = new DateOnly(year, month, day);

        var k1 = Mod11.CheckDigit(span, K1Weights);
        var k2 = Mod11.CheckDigit(span, K2Weights);
        if (k1 != span[9] - '0' || k2 != span[10] - '0')
            return new("personidentifikator.checkdigit",
                $"personidentifikator '{value}' has invalid check digits");
        return null;
    }
}
