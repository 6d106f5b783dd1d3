using System.Text.RegularExpressions;

namespace Krr.Grains.Domain;

/// <summary>
/// Masks personal data (national identity numbers, e-mail addresses, phone numbers) in free text,
/// for logs. Placeholder from the operations work: the domain version replaces this file; keep the signature.
/// </summary>
public static class PersonalDataMask
{
    private static readonly Regex Email = new(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.Compiled);
    private static readonly Regex Phone = new(@"\+\d[\d \-]{6,16}\d", RegexOptions.Compiled);
    private static readonly Regex ElevenDigits = new(@"(?<!\d)\d{11}(?!\d)", RegexOptions.Compiled);

    /// <summary>Returns <paramref name="text"/> with identifiers, e-mail addresses and phone numbers masked.</summary>
    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = Email.Replace(text, "***@***");
        text = Phone.Replace(text, "+********");
        return ElevenDigits.Replace(text, "***********");
    }
}
