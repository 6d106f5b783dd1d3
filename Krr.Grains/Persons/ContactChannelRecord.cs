namespace Krr.Grains.Persons;

/// <summary>One contact channel of a person with the register's timestamps (SPEC §3).</summary>
[GenerateSerializer, Immutable, Alias("krr.ContactChannelRecord")]
public sealed record ContactChannelRecord
{
    [Id(0)] public required string Value { get; init; }
    /// <summary>
    /// The same string instance as <see cref="Value"/> when the two are equal (set after it, as storage and the wire do),
    /// so an active record holds the text once.
    /// </summary>
    [Id(1)] public required string Normalized { get; init => field = value == Value ? Value : value; }
    /// <summary>When the citizen last set a new value (<c>*_oppdatert</c>).</summary>
    [Id(2)] public required DateTimeOffset Updated { get; init; }
    /// <summary>When the citizen last confirmed the value (<c>*_sist_verifisert</c>).</summary>
    [Id(3)] public DateTimeOffset? LastVerified { get; init; }
    /// <summary>When the citizen last proved control with a one-time code (<c>*_sist_validert</c>).</summary>
    [Id(4)] public DateTimeOffset? LastValidated { get; init; }
    /// <summary>Whether another active person holds the same normalised value (<c>*_duplisert</c>).</summary>
    [Id(5)] public bool Duplicated { get; init; }
    /// <summary>
    /// When the channel's 18 months ran out, recorded by re-verification so the expiry is a stored change. It counts only
    /// for the confirmation it was recorded for (<see cref="Reverification.ChannelExpiry.IsRecorded"/>).
    /// </summary>
    [Id(30)] public DateTimeOffset? ExpiredAt { get; init; }
}
