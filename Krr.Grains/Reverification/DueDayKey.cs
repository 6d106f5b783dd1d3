using System.Globalization;

namespace Krr.Grains.Reverification;

/// <summary>Keys of the due-day buckets: <c>due:yyyy-MM-dd</c> (UTC day).</summary>
public static class DueDayKey
{
    /// <summary>The bucket grain's type, part of its <see cref="GrainId"/> in reminder rows.</summary>
    public const string GrainType = "dueday";

    /// <summary>The name of a bucket's one reminder.</summary>
    public const string ReminderName = "due";

    private const string Prefix = "due:";
    private const string Format = "yyyy-MM-dd";

    public static string For(DateOnly day) => Prefix + day.ToString(Format, CultureInfo.InvariantCulture);

    public static DateOnly DayOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal)
        && DateOnly.TryParseExact(key.AsSpan(Prefix.Length), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ArgumentException($"Not a due-day key: {key}");

    /// <summary>The bucket's grain id, as reminder rows name it.</summary>
    public static GrainId GrainIdFor(DateOnly day) => GrainId.Create(GrainType, For(day));

    public static IDueDayGrain GetDueDay(this IGrainFactory grains, DateOnly day) => StringKeyedGrains<IDueDayGrain>.Get(grains, For(day));
}
