namespace Krr.Grains.Persons;

/// <summary>
/// A person's register record as stored. Immutable: a grain publishes a new instance only after it is stored,
/// so a reader never sees an unacknowledged write.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.PersonRecord")]
public sealed record PersonRecord
{
    [Id(0)] public required string Identifier { get; init; }
    [Id(1)] public PersonStatus Status { get; init; }
    [Id(2)] public bool Reserved { get; init; }
    /// <summary>When the person reserved; only set while reserved (<c>reservasjonstidspunkt</c>).</summary>
    [Id(3)] public DateTimeOffset? ReservedAt { get; init; }
    [Id(4)] public DateTimeOffset? ReservationUpdated { get; init; }
    [Id(5)] public ContactChannelRecord? Email { get; init; }
    [Id(6)] public ContactChannelRecord? Mobile { get; init; }
    [Id(7)] public DigitalMailboxRecord? Mailbox { get; init; }
    /// <summary>Held as the supported code's one shared string (<see cref="Domain.Language.SharedCode"/>).</summary>
    [Id(8)] public string? Language { get; init => field = Domain.Language.SharedCode(value); }
    [Id(9)] public DateTimeOffset? LanguageUpdated { get; init; }
    /// <summary>Last change of any field (<c>oppdatert</c>).</summary>
    [Id(10)] public required DateTimeOffset Updated { get; init; }

    public ContactChannelRecord? Channel(ContactChannel channel) => channel == ContactChannel.Email ? Email : Mobile;

    public PersonRecord WithChannel(ContactChannel channel, ContactChannelRecord? record) =>
        channel == ContactChannel.Email ? this with { Email = record } : this with { Mobile = record };
}
