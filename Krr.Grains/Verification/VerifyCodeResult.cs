namespace Krr.Grains.Verification;

[GenerateSerializer, Alias("krr.VerifyCodeOutcome")]
public enum VerifyCodeOutcome
{
    Valid = 0,
    Wrong = 1,
    /// <summary>Five wrong tries: the code no longer works, a new one must be sent.</summary>
    Locked = 2,
    Expired = 3,
    /// <summary>No code was sent, or the value changed since (a code only proves the value it was sent to).</summary>
    NoCode = 4,
}

/// <summary>What a try did; <see cref="AttemptsLeft"/> is set with <see cref="VerifyCodeOutcome.Wrong"/>.</summary>
[GenerateSerializer, Immutable, Alias("krr.VerifyCodeResult")]
public sealed record VerifyCodeResult([property: Id(0)] VerifyCodeOutcome Outcome, [property: Id(1)] int AttemptsLeft = 0);
