using System.Globalization;

namespace Krr.Api.AccessLog;

/// <summary>
/// The access log keeps identifiers as numbers (migration 0067): a validated personidentifikator is 11 digits, so its
/// number names the same person, and the log's GIN index takes numbers about twice as fast as strings.
/// </summary>
public static class AccessLogIdentifiers
{
    /// <summary>Only 11 digits: fewer would name the number of an identifier with leading zeros.</summary>
    public static long ToNumber(string identifier) =>
        identifier.Length == 11 && long.TryParse(identifier, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException("A personidentifikator is 11 digits.", nameof(identifier));

    public static long[] ToNumbers(IReadOnlyCollection<string> identifiers)
    {
        var numbers = new long[identifiers.Count];
        var i = 0;
        foreach (var identifier in identifiers)
        {
            numbers[i++] = ToNumber(identifier);
        }
        return numbers;
    }
}
