using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Krr.Grains.Domain;

/// <summary>
/// Last-line defence for logs: masks identifiers, e-mail addresses and phone numbers that slipped into
/// free text. It favours masking a harmless number over leaking a real one, but keeps the shapes logs are
/// full of (ISO timestamps, GUIDs, durations, version numbers) intact.
/// </summary>
public static partial class PersonalDataMask
{
    // Everything the regex can match contains a digit or '@'; most log lines have neither or few.
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@");
    private static readonly HashSet<int> CallingCodes = PhoneNumberUtil.GetInstance().GetSupportedCallingCodes();

    // One pass over the text. The e-mail alternative may only start at the beginning of an address-like
    // run (lookbehind), which keeps scanning linear. Numbers next to '-' are left alone so GUID segments
    // and dates survive; '+' followed by 7–15 digits (single spaces allowed) is an international phone.
    [GeneratedRegex("""
        (?<email>(?<![\w.%+\-!#$&'*/=?^`{|}~])[\w.%+\-!#$&'*/=?^`{|}~]+@[\w\-]+(?:\.[\w\-]+)+)
        |(?<pid>\b[0-9]{11}\b)
        |(?<intl>(?<![\w+])\+[0-9](?:\x20?[0-9]){6,14}(?![0-9]))
        |(?<mobile>(?<![\w\-])[49][0-9]{7}(?![\w\-]))
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex PersonalData();

    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny(Triggers))
            return text;
        return PersonalData().Replace(text, static m =>
            m.Groups["email"].Success ? EmailAddress.Mask(m.Value)
            : m.Groups["pid"].Success ? MaskTail(m.ValueSpan, keepHead: 0)
            : m.Groups["intl"].Success ? MaskInternational(m.ValueSpan)
            : MaskTail(m.ValueSpan, keepHead: 0));
    }

    /// <summary>Keeps <paramref name="keepHead"/> leading and two trailing digits; spaces are dropped.</summary>
    private static string MaskTail(ReadOnlySpan<char> number, int keepHead)
    {
        Span<char> digits = stackalloc char[number.Length];
        var n = 0;
        foreach (var c in number)
            if (char.IsAsciiDigit(c))
                digits[n++] = c;
        digits = digits[..n];
        for (var i = keepHead; i < n - 2; i++)
            digits[i] = '*';
        return digits.ToString();
    }

    private static string MaskInternational(ReadOnlySpan<char> number)
    {
        var digits = new StringBuilder(number.Length);
        foreach (var c in number)
            if (char.IsAsciiDigit(c))
                digits.Append(c);
        // Calling codes are prefix-free, so the shortest known prefix is the country code.
        var ccLength = 3;
        for (var len = 1; len <= 3; len++)
            if (CallingCodes.Contains(int.Parse(digits.ToString(0, len)))) { ccLength = len; break; }
        return "+" + MaskTail(digits.ToString(), keepHead: ccLength);
    }
}
