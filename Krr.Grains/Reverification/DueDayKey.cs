using System.Globalization;

namespace Krr.Grains.Reverification;

/// <summary>Keys of the due-day buckets: <c>due:yyyy-MM-dd</c> (UTC day).</summary>
public static class DueDayKey
{
    private const string Prefix = "due:";
    private const string Format = "yyyy-MM-dd";

    public static string For(DateOnly day) => Prefix + day.ToString(Format, CultureInfo.InvariantCulture);

    public static DateOnly DayOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal)
        && DateOnly.TryParseExact(key.AsSpan(Prefix.Length), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ArgumentException($"Not a due-day key: {key}");

    public static IDueDayGrain GetDueDay(this IGrainFactory grains, DateOnly day) => grains.GetGrain<IDueDayGrain>(For(day));
}
