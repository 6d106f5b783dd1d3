using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace Krr.Grains.Domain;

/// <summary>A mobile number as the register stores it: E.164 (SPEC §8, krr-reference §3.1).</summary>
/// <remarks>
/// Norwegian numbers (<c>+47</c>, <c>0047</c> or exactly 8 digits) must be Norwegian mobile numbers:
/// the register's own rule (first digit 4 or 9) and libphonenumber's numbering plan both apply, so
/// unallocated ranges are rejected too. Foreign numbers only have to be valid for their country,
/// because the register has always accepted foreign landlines (e.g. <c>+12127365000</c>).
/// </remarks>
public sealed record MobileNumber
{
    private const string Invalid = "Mobilnummeret er ugyldig";
    private const int NorwayCallingCode = 47;
    // Generous upper bound on the typed form: room for separators, but no unbounded input into the parser.
    private const int MaxInputLength = 32;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private MobileNumber(string e164, int countryCode)
    {
        E164 = e164;
        CountryCode = countryCode;
    }

    /// <summary>The stored form, e.g. <c>+4798765432</c>.</summary>
    public string E164 { get; }

    public int CountryCode { get; }

    public bool IsNorwegian => CountryCode == NorwayCallingCode;

    /// <summary>Country code and the last two digits, e.g. <c>+47******32</c>.</summary>
    public string Masked
    {
        get
        {
            var prefix = 1 + CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            return string.Concat(E164.AsSpan(0, prefix), new string('*', E164.Length - prefix - 2), E164.AsSpan(E164.Length - 2));
        }
    }

    public override string ToString() => E164;

    public static MobileNumber Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out MobileNumber? result,
        [NotNullWhen(false)] out ValidationError? error)
    {
        result = null;
        error = null;
        var typed = value?.Trim();
        if (string.IsNullOrEmpty(typed))
        {
            error = Fail("mobil.missing", $"{Invalid}: mobile number is missing");
            return false;
        }
        if (typed.Length > MaxInputLength)
        {
            error = Fail("mobil.invalid", $"{Invalid}: '{typed}' is too long ({typed.Length} characters, at most {MaxInputLength})");
            return false;
        }

        // Same character set as the register (^\+?[- _0-9]+$); libphonenumber alone would also take
        // letters (vanity numbers), brackets and extensions.
        Span<char> compact = stackalloc char[typed.Length];
        var n = 0;
        for (var i = 0; i < typed.Length; i++)
        {
            var c = typed[i];
            if (char.IsAsciiDigit(c) || (c == '+' && i == 0))
                compact[n++] = c;
            else if (c is not (' ' or '-' or '_'))
            {
                error = Fail("mobil.invalid", $"{Invalid}: '{typed}' may only contain digits, spaces, '-', '_' and a leading '+'");
                return false;
            }
        }
        var digits = compact[..n];
        var international = digits.StartsWith("+") || digits.StartsWith("00");
        if (!international && digits.Length != 8)
        {
            error = Fail("mobil.invalid",
                $"{Invalid}: '{typed}' must be 8 digits (Norwegian) or start with + or 00 and a country code");
            return false;
        }

        PhoneNumber number;
        try
        {
            // Region NO: 8 digits are national, 00 is the international prefix.
            number = Util.Parse(digits.ToString(), "NO");
        }
        catch (NumberParseException)
        {
            error = Fail("mobil.invalid", $"{Invalid}: '{typed}' is not a phone number");
            return false;
        }

        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        if (number.CountryCode == NorwayCallingCode)
        {
            var national = number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (national[0] is not ('4' or '9'))
            {
                error = Fail("mobil.invalid", $"{Invalid}: {e164} is not a Norwegian mobile number (must start with 4 or 9)");
                return false;
            }
            if (!Util.IsValidNumber(number) || Util.GetNumberType(number) is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
            {
                error = Fail("mobil.invalid", $"{Invalid}: {e164} is not a valid Norwegian mobile number");
                return false;
            }
        }
        else if (!Util.IsValidNumber(number))
        {
            var region = Util.GetRegionCodeForCountryCode(number.CountryCode);
            error = Fail("mobil.invalid", region == "ZZ"
                ? $"{Invalid}: {e164} has an unknown country code +{number.CountryCode}"
                : $"{Invalid}: {e164} is not a valid number for {region}");
            return false;
        }

        result = new MobileNumber(e164, number.CountryCode);
        return true;
    }

    private static ValidationError Fail(string code, string message) => new(code, message);
}
