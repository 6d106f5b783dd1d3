using Krr.Grains.Verification;

namespace Krr.Api.Verification;

/// <summary>The text code (<see cref="Wire.Texts"/>) of a one-time code outcome that is not a success; null for a success.</summary>
public static class CodeOutcomes
{
    public static string? ErrorOf(SendCodeOutcome outcome) => outcome switch
    {
        SendCodeOutcome.Sent => null,
        SendCodeOutcome.NoValue => "kode.no-value",
        _ => "kode.too-many-sends",
    };

    public static string? ErrorOf(VerifyCodeOutcome outcome) => outcome switch
    {
        VerifyCodeOutcome.Valid => null,
        VerifyCodeOutcome.Wrong => "kode.wrong",
        VerifyCodeOutcome.Locked => "kode.locked",
        VerifyCodeOutcome.Expired => "kode.expired",
        _ => "kode.none",
    };
}
