namespace Krr.Grains.Verification;

/// <summary>Stored state of <see cref="OneTimeCodeGrain"/>, state name <c>oneTimeCode</c>. The code itself is never stored.</summary>
[GenerateSerializer, Alias("krr.OneTimeCodeState")]
public sealed class OneTimeCodeState
{
    /// <summary>The normalised value the current code was sent to; null when no code is outstanding.</summary>
    [Id(0)] public string? Normalized { get; set; }
    [Id(1)] public byte[]? Salt { get; set; }
    [Id(2)] public byte[]? Hash { get; set; }
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public int FailedAttempts { get; set; }
    /// <summary>Send times within the last rate window, oldest first.</summary>
    [Id(5)] public List<DateTimeOffset> RecentSends { get; set; } = [];
    /// <summary>Counts every send ever made; names the outbox message so a retried write cannot send twice.</summary>
    [Id(6)] public long SendCount { get; set; }
}
