using System.Globalization;

namespace Krr.Api.AccessLog;

/// <summary>
/// How the access log stores the identifiers of a lookup: each one's 11 digits read as a number (<c>bigint[]</c>), a
/// cheaper key for the GIN index than text (migration 0066). The width is fixed, so a leading zero is not lost.
/// </summary>
public static class AccessLogIdentifiers
{
    private const int Digits = 11;

    /// <summary>Thrown for anything but 11 digits, on the request path rather than in the writer's batch, which would retry it forever.</summary>
    public static long ToNumber(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        // The value is a person's identifier: the message names its length only.
        if (identifier.Length != Digits || !long.TryParse(identifier, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new ArgumentException($"An identifier in the access log is {Digits} digits; got {identifier.Length} characters that are not.", nameof(identifier));
        }
        return number;
    }

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
