using System.Globalization;

namespace Krr.Api.Wire;

/// <summary>Timestamps on the wire: ISO 8601 with the Europe/Oslo offset, e.g. <c>2019-06-24T13:16:47+02:00</c> (SPEC §3).</summary>
public static class WireTime
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Oslo).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : null;
}
