namespace Krr.Grains.Reverification;

/// <summary>What falls due for a channel (SPEC §7).</summary>
[GenerateSerializer, Alias("krr.DueKind")]
public enum DueKind
{
    /// <summary>16 months after the channel was last confirmed: warn the citizen once.</summary>
    Warn16 = 0,

    /// <summary>18 months after: record the expiry on the person.</summary>
    Expire18 = 1,
}
