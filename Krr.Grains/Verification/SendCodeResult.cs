namespace Krr.Grains.Verification;

[GenerateSerializer, Alias("krr.SendCodeOutcome")]
public enum SendCodeOutcome
{
    Sent = 0,
    /// <summary>The person has no value on this channel to send a code to.</summary>
    NoValue = 1,
    /// <summary>Three codes were sent on this channel in the last 15 minutes.</summary>
    TooManySends = 2,
}

/// <summary>What a send did; <see cref="RetryAfter"/> is set with <see cref="SendCodeOutcome.TooManySends"/>.</summary>
[GenerateSerializer, Immutable, Alias("krr.SendCodeResult")]
public sealed record SendCodeResult([property: Id(0)] SendCodeOutcome Outcome, [property: Id(1)] DateTimeOffset? RetryAfter = null);
