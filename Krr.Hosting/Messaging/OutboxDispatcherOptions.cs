namespace Krr.Hosting.Messaging;

/// <summary>How the dispatcher drains <c>krr_outbox</c> (<c>Krr:Outbox</c>).</summary>
public sealed class OutboxDispatcherOptions
{
    public const string SectionName = "Krr:Outbox";

    /// <summary>How long a claimed row stays claimed: a dispatcher that dies mid-send leaves it to another after this.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an idle dispatcher waits before it looks for due rows again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 20;

    /// <summary>Wait after the first failure; it doubles with each further failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Exponential backoff after <paramref name="failures"/> failed attempts (1 or more).</summary>
    public TimeSpan BackoffAfter(int failures) =>
        TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 40))));
}
