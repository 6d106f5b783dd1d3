using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Krr.Grains.Domain;

/// <summary>
/// An e-mail address (SPEC §8): RFC 5321 lengths, a host-name domain with a top-level domain checked after
/// IDNA conversion, and RFC 6531 internationalised local parts. Stored as typed, compared normalised.
/// </summary>
/// <remarks>
/// Deliberately stricter than RFC 5321 where the register has no use for the freedom: IP-literal domains
/// and whitespace (even inside quoted local parts) are rejected, since a citizen cannot receive notices
/// there and such values are almost always typing mistakes. Lengths are counted in UTF-8 octets, as
/// RFC 6531 does, so <c>ø</c> counts twice.
/// </remarks>
public sealed record EmailAddress
{
    private const int MaxLocalOctets = 64;
    private const int MaxTotalOctets = 254;
    private const int MaxLabelLength = 63;
    // RFC 5322 atext specials besides letters and digits.
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    private EmailAddress(string value, string localPart, string domain, string normalized)
    {
        Value = value;
        LocalPart = localPart;
        Domain = domain;
        Normalized = normalized;
    }

    /// <summary>As typed, trimmed.</summary>
    public string Value { get; }
    public string LocalPart { get; }
    /// <summary>The domain as typed (may be Unicode).</summary>
    public string Domain { get; }

    /// <summary>
    /// Lower-cased NFC local part + <c>@</c> + lower-case ASCII (punycode) domain; the key for duplicate
    /// detection, so that <c>Ola@Å.no</c> and <c>ola@xn--5ca.no</c> count as the same address.
    /// </summary>
    public string Normalized { get; }

    /// <summary>First character of the local part and of the domain, and the top-level domain, e.g. <c>k***@t***.no</c>.</summary>
    public string Masked => Mask(Value);

    /// <summary>
    /// Masks an address-like text: a private domain (<c>ola@nordmann.no</c>) names a person as surely as the
    /// local part does, so only the first character of each and the top-level domain are kept.
    /// </summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        var domain = address[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return string.Concat(FirstTextElement(address[..at]), "***@", FirstTextElement(domain), "***", dot > 0 ? domain[dot..] : "");
    }

    public override string ToString() => Value;

    public bool Equals(EmailAddress? other) => other is not null && other.Normalized == Normalized;

    public override int GetHashCode() => Normalized.GetHashCode(StringComparison.Ordinal);

    public static EmailAddress Parse(string value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error.Message);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out EmailAddress? result,
        [NotNullWhen(false)] out ValidationError? error)
    {
        result = null;
        var typed = value?.Trim();
        if (string.IsNullOrEmpty(typed))
        {
            error = new("epost.missing", "e-mail address is missing");
            return false;
        }
        error = Validate(typed, out var local, out var domain, out var asciiDomain);
        if (error is not null)
            return false;
        var normalized = local.Normalize(NormalizationForm.FormC).ToLowerInvariant() + "@" + asciiDomain.ToLowerInvariant();
        result = new EmailAddress(typed, local, domain, normalized);
        return true;
    }

    private static ValidationError? Validate(string typed, out string local, out string domain, out string asciiDomain)
    {
        local = domain = asciiDomain = "";
        for (var i = 0; i < typed.Length; i++)
        {
            var c = typed[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
                return Invalid(typed, "must not contain whitespace or control characters");
            // Invisible characters (zero-width space, bidi overrides) only serve to make look-alike addresses.
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format)
                return Invalid(typed, "must not contain invisible formatting characters");
            if (char.IsHighSurrogate(c) && i + 1 < typed.Length && char.IsLowSurrogate(typed[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return Invalid(typed, "contains an invalid Unicode character");
        }

        var at = LocalPartEnd(typed);
        if (at < 0)
            return Invalid(typed, "must contain '@'");
        local = typed[..at];
        domain = typed[(at + 1)..];
        if (domain.Contains('@'))
            return Invalid(typed, "must contain exactly one '@' (outside quotes)");
        if (local.Length == 0)
            return Invalid(typed, "has nothing before '@'");
        if (domain.Length == 0)
            return Invalid(typed, "has no domain after '@'");

        var localOctets = Encoding.UTF8.GetByteCount(local);
        if (localOctets > MaxLocalOctets)
            return new("epost.length",
                $"e-mail address '{typed}' has a local part of {localOctets} octets; at most {MaxLocalOctets} are allowed");
        if (LocalPartProblem(local) is { } localProblem)
            return Invalid(typed, localProblem);

        if (domain[0] == '[')
            return Invalid(typed, "must have a host name as domain, not an IP address");
        // Checked before IDNA so the message names the actual mistake rather than "invalid IDN".
        foreach (var label in domain.Split('.'))
        {
            if (label.Length == 0)
                return Invalid(typed, $"has an empty label in domain '{domain}' (leading, trailing or double dot)");
            if (label[0] == '-' || label[^1] == '-')
                return Invalid(typed, $"has domain label '{label}' that starts or ends with '-'");
            if (label.Length > MaxLabelLength)
                return LabelTooLong(typed, label);
        }

        try
        {
            asciiDomain = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false }.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return Invalid(typed, $"has domain '{domain}' that is not a valid (internationalised) domain name");
        }

        var labels = asciiDomain.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0)
                return Invalid(typed, $"has an empty label in domain '{domain}'");
            if (label.Length > MaxLabelLength)
                return LabelTooLong(typed, label);
        }
        if (labels.Length < 2)
            return Invalid(typed, $"has domain '{domain}' without a top-level domain");
        var tld = labels[^1];
        if (!tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && !(tld.Length >= 2 && tld.All(char.IsAsciiLetter)))
            return Invalid(typed, $"has top-level domain '{tld}' that is not made of letters");

        var total = localOctets + 1 + asciiDomain.Length;
        if (total > MaxTotalOctets)
            return new("epost.length",
                $"e-mail address '{typed}' is {total} octets long; at most {MaxTotalOctets} are allowed");
        return null;
    }

    /// <summary>Index of the '@' that ends the local part, honouring a quoted local part; -1 if none.</summary>
    private static int LocalPartEnd(string s)
    {
        if (s[0] != '"')
            return s.IndexOf('@');
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                return i + 1 < s.Length && s[i + 1] == '@' ? i + 1 : -1;
        }
        return -1;
    }

    private static string? LocalPartProblem(string local)
    {
        // A quoted string: LocalPartEnd already checked the quoting, and whitespace/controls are gone.
        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
            return local.Length == 2 ? "must not have an empty quoted local part" : null;
        if (local[0] == '.' || local[^1] == '.')
            return "must not have a local part that starts or ends with '.'";
        if (local.Contains(".."))
            return "must not have two consecutive dots in the local part";
        foreach (var c in local)
        {
            if (c < 0x80 && !char.IsAsciiLetterOrDigit(c) && c != '.' && !AtextSpecials.Contains(c))
                return $"has character '{c}' in the local part that is only allowed inside quotes";
        }
        return null;
    }

    private static string FirstTextElement(string s) => StringInfo.GetNextTextElementLength(s) is var n and > 0 ? s[..n] : s;

    private static ValidationError LabelTooLong(string typed, string label) =>
        new("epost.length", $"e-mail address '{typed}' has domain label '{label}' of {label.Length} characters; at most {MaxLabelLength} are allowed");

    private static ValidationError Invalid(string typed, string problem) => new("epost.invalid", $"e-mail address '{typed}' {problem}");
}
