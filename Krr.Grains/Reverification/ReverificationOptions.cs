namespace Krr.Grains.Reverification;

/// <summary>How the due-day buckets tick.</summary>
public sealed class ReverificationOptions
{
    /// <summary>Reminder period of a bucket that has entries; also the longest a due entry waits once its day has come.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest a bucket's reminder sleeps before its day. A bucket looks at the register's clock whenever it
    /// wakes, so this bounds how late it notices that clock being set forward (tests do that by months).
    /// </summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Entries read and processed together in one tick.</summary>
    public int BatchSize { get; set; } = 500;
}
