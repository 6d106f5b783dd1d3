namespace Krr.Grains.Domain;

/// <summary>The mod-11 check digit shared by fødselsnummer, D-numbers and org numbers.</summary>
internal static class Mod11
{
    /// <summary>Check digit for <paramref name="digits"/> (ASCII digits), or -1 when it computes to 10,
    /// which the numbering schemes treat as "no valid number with this prefix".</summary>
    public static int CheckDigit(ReadOnlySpan<char> digits, ReadOnlySpan<int> weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
            sum += (digits[i] - '0') * weights[i];
        var check = 11 - sum % 11;
        return check switch { 11 => 0, 10 => -1, _ => check };
    }

    public static bool AllAsciiDigits(ReadOnlySpan<char> value, out int firstBad)
    {
        firstBad = value.IndexOfAnyExceptInRange('0', '9');
        return firstBad < 0;
    }
}
