namespace Krr.Grains.Verification;

/// <summary>One-time codes for one person's channel (SPEC §6.1). Codes are only ever for the channel's current value.</summary>
[Alias("krr.IOneTimeCodeGrain")]
public interface IOneTimeCodeGrain : IGrainWithStringKey
{
    /// <summary>Issues a new code for the current value and enqueues it in the outbox; any earlier code stops working.</summary>
    [Alias("Send")]
    Task<SendCodeResult> SendAsync();

    /// <summary>Checks a code; a correct one marks the value validated (<c>*_sist_validert</c>).</summary>
    [Alias("Verify")]
    Task<VerifyCodeResult> VerifyAsync(string code);
}
