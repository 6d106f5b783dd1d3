using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Population;

/// <summary>The pure rules of Folkeregisteret upkeep: event application, replays, the identifier change merge, and the wire format.</summary>
public sealed class PopulationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Id = TestIdentities.Next();
    private static readonly string NewId = TestIdentities.Next();

    public static TheoryData<FolkeregisterEventType, ResidentStatus, string?> Events() => new()
    {
        { FolkeregisterEventType.Birth, ResidentStatus.Resident, "0301" },
        { FolkeregisterEventType.Immigration, ResidentStatus.Resident, "0301" },
        { FolkeregisterEventType.Move, ResidentStatus.Resident, "0301" },
        { FolkeregisterEventType.Emigration, ResidentStatus.Emigrated, "4601" },
        { FolkeregisterEventType.Death, ResidentStatus.Dead, "4601" },
        { FolkeregisterEventType.IdentifierChange, ResidentStatus.Replaced, "4601" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_sets_the_status_and_keeps_the_last_known_municipality(FolkeregisterEventType type, ResidentStatus status, string? municipality)
    {
        var current = ResidentChanges.Apply(null, Id, new FolkeregisterEvent(1, FolkeregisterEventType.Birth, Id, "4601"), Now);
        var change = new FolkeregisterEvent(2, type, Id, type is FolkeregisterEventType.Birth or FolkeregisterEventType.Immigration or FolkeregisterEventType.Move ? "0301" : null,
            type == FolkeregisterEventType.IdentifierChange ? NewId : null);

        var next = ResidentChanges.Apply(current, Id, change, Now.AddDays(1))!;

        Assert.Equal((status, municipality, 2L, Now.AddDays(1)), (next.Status, next.Municipality, next.LastSequence, next.Updated));
        Assert.Equal(type == FolkeregisterEventType.IdentifierChange ? NewId : null, next.ReplacedBy);
        Assert.Equal(Grains.Domain.PersonIdentifier.Parse(Id).BirthDate, next.BirthDate);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    public void An_event_not_above_the_last_sequence_number_is_a_replay(long sequence)
    {
        var current = ResidentChanges.Apply(null, Id, new FolkeregisterEvent(5, FolkeregisterEventType.Birth, Id, "4601"), Now);
        Assert.Same(current, ResidentChanges.Apply(current, Id, new FolkeregisterEvent(sequence, FolkeregisterEventType.Death, Id), Now));
        Assert.Same(current, ResidentChanges.TakeOver(current, Id, null, sequence, Now));
        Assert.True(ResidentChanges.IsReplay(current, sequence));
        Assert.False(ResidentChanges.IsReplay(null, sequence));
    }

    [Fact]
    public void The_new_identifier_takes_over_standing_and_municipality_but_keeps_its_birth_date()
    {
        var old = new ResidentRecord { Identifier = Id, BirthDate = new DateOnly(1990, 1, 1), Municipality = "5001", Status = ResidentStatus.Emigrated, LastSequence = 3, Updated = Now };

        var taken = ResidentChanges.TakeOver(null, NewId, old, 7, Now)!;

        Assert.Equal((NewId, ResidentStatus.Emigrated, "5001", 7L), (taken.Identifier, taken.Status, taken.Municipality, taken.LastSequence));
        Assert.Equal(Grains.Domain.PersonIdentifier.Parse(NewId).BirthDate, taken.BirthDate);
        Assert.Equal(ResidentStatus.Resident, ResidentChanges.TakeOver(null, NewId, null, 7, Now)!.Status);
    }

    private static PersonRecord Registered(string identifier, string? email = null, DigitalMailboxRecord? mailbox = null, bool reserved = false) => new()
    {
        Identifier = identifier,
        Status = PersonStatus.Active,
        Email = email is null ? null : new ContactChannelRecord { Value = email, Normalized = email, Updated = Now.AddDays(-9), Duplicated = true },
        Mailbox = mailbox,
        Reserved = reserved,
        ReservedAt = reserved ? Now.AddDays(-3) : null,
        Language = "nn",
        Updated = Now.AddDays(-1),
    };

    [Fact]
    public void An_unregistered_new_identifier_takes_the_whole_record()
    {
        var source = Registered(Id, "a@test.no", new DigitalMailboxRecord("x#digipost", "984661185"), reserved: true);

        var adopted = IdentifierChange.Adopt(null, source, NewId, Now)!;

        Assert.Equal(source with { Identifier = NewId, Updated = Now }, adopted);
        Assert.Equal(adopted, IdentifierChange.Adopt(new PersonRecord { Identifier = NewId, Status = PersonStatus.Deleted, Updated = Now }, source, NewId, Now));
    }

    [Fact]
    public void A_registered_new_identifier_keeps_its_values_and_gains_what_it_lacks()
    {
        var current = Registered(NewId, "own@test.no");
        var source = Registered(Id, "old@test.no", new DigitalMailboxRecord("x#digipost", "984661185"), reserved: true);

        var merged = IdentifierChange.Adopt(current, source, NewId, Now)!;

        Assert.Equal("own@test.no", merged.Email!.Value);
        Assert.Equal(source.Mailbox, merged.Mailbox);
        Assert.Equal((true, source.ReservedAt), (merged.Reserved, merged.ReservedAt));
        Assert.Equal(Now, merged.Updated);
    }

    [Fact]
    public void Adopting_again_or_from_a_deleted_record_changes_nothing()
    {
        var current = Registered(NewId, "own@test.no", new DigitalMailboxRecord("x#digipost", "984661185"));
        Assert.Same(current, IdentifierChange.Adopt(current, Registered(Id, "old@test.no"), NewId, Now));
        Assert.Same(current, IdentifierChange.Adopt(current, new PersonRecord { Identifier = Id, Status = PersonStatus.Deleted, Updated = Now }, NewId, Now));
        Assert.Null(IdentifierChange.Adopt(null, new PersonRecord { Identifier = Id, Status = PersonStatus.Deleted, Updated = Now }, NewId, Now));
    }

    public static TheoryData<string, string> InvalidLines() => new()
    {
        { """{"hendelse":"FOEDSEL","personidentifikator":"ID","kommunenummer":"0301"}""", "sekvensnummer.invalid" },
        { """{"sekvensnummer":0,"hendelse":"FOEDSEL","personidentifikator":"ID","kommunenummer":"0301"}""", "sekvensnummer.invalid" },
        { """{"sekvensnummer":1,"hendelse":"foedsel","personidentifikator":"ID","kommunenummer":"0301"}""", "hendelse.invalid" },
        { """{"sekvensnummer":1,"hendelse":"FOEDSEL","personidentifikator":"12345678901","kommunenummer":"0301"}""", "personidentifikator.date" },
        { """{"sekvensnummer":1,"hendelse":"FOEDSEL","personidentifikator":"ID"}""", "kommunenummer.format" },
        { """{"sekvensnummer":1,"hendelse":"INNFLYTTING","personidentifikator":"ID","kommunenummer":"9999"}""", "kommunenummer.county" },
        { """{"sekvensnummer":1,"hendelse":"FLYTTING","personidentifikator":"ID","kommunenummer":"301"}""", "kommunenummer.format" },
        { """{"sekvensnummer":1,"hendelse":"IDENTIFIKATORENDRING","personidentifikator":"ID"}""", "personidentifikator.missing" },
        { """{"sekvensnummer":1,"hendelse":"IDENTIFIKATORENDRING","personidentifikator":"ID","ny_personidentifikator":"ID"}""", "ny_personidentifikator.same" },
        { """{"sekvensnummer":1,"hendelse":"DOEDSFALL","personidentifikator":"ID",""", "json.invalid" },
        { "null", "json.invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidLines))]
    public async Task An_invalid_line_is_reported_by_number_and_reason(string line, string code)
    {
        var file = $$"""{"sekvensnummer":1,"hendelse":"UTFLYTTING","personidentifikator":"{{Id}}"}""" + "\n\n" + line.Replace("\"ID\"", $"\"{Id}\"");

        var (events, errors) = await FolkeregisterJsonLines.ReadAsync(new StringReader(file));

        Assert.Single(events);
        var error = Assert.Single(errors);
        Assert.Equal((3, code), (error.Line, error.Error.Code));
        if (code.StartsWith("ny_", StringComparison.Ordinal) || line.Contains("IDENTIFIKATORENDRING"))
            Assert.StartsWith("ny_", error.Error.Message);
    }

    [Fact]
    public async Task Every_event_type_reads_from_its_wire_name()
    {
        var lines = FolkeregisterHendelse.Types.Keys.Select((type, i) =>
            $$"""{"sekvensnummer":{{i + 1}},"hendelse":"{{type}}","personidentifikator":"{{Id}}","kommunenummer":"0301","ny_personidentifikator":"{{NewId}}"}""");

        var (events, errors) = await FolkeregisterJsonLines.ReadAsync(new StringReader(string.Join('\n', lines)));

        Assert.Empty(errors);
        Assert.Equal(Enum.GetValues<FolkeregisterEventType>(), events.Select(e => e.Type));
        // Only the fields an event type has are kept.
        Assert.All(events, e => Assert.Equal(e.Type is FolkeregisterEventType.Birth or FolkeregisterEventType.Immigration or FolkeregisterEventType.Move ? "0301" : null, e.Municipality));
        Assert.All(events, e => Assert.Equal(e.Type == FolkeregisterEventType.IdentifierChange ? NewId : null, e.NewIdentifier));
    }
}
