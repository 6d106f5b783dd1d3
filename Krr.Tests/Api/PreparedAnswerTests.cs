using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Krr.Api.Lookup;
using Krr.Grains.Domain;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;

namespace Krr.Tests.Api;

/// <summary>
/// The lookup's prepared bytes (<see cref="LookupAnswer"/>) against the plain path, <see cref="PersonProjection"/> and
/// the wire serialiser, byte for byte: over generated records, every view, instants on both sides of the expiry
/// boundary with the same record instances (so answers prepared before it are reused or rebuilt after it), and
/// replaced provider certificates.
/// </summary>
public sealed class PreparedAnswerTests
{
    private static readonly DateTimeOffset Epoch = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Providers = ["984661185", "996460320"];
    private static readonly LookupView[] Views =
        [.. from version in new[] { LookupVersion.V1, LookupVersion.V2 }
            from contact in new[] { false, true }
            from mailbox in new[] { false, true }
            select new LookupView(version, contact, mailbox)];

    [Fact]
    public void Generated_records_are_answered_with_the_bytes_of_the_projection_in_every_view_and_at_every_instant()
    {
        var batch = Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
            (1, Gen.Constant<PersonRecord?>(null)), (9, RecordGen().Select(r => (PersonRecord?)r))), n));
        var instants = Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 7 * 365 * 24).Select(hours => Epoch.AddHours(hours)), n));
        var certificates = Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Gen.Elements(Certificates()), n));
        var cases = from records in batch from nows in instants from certs in certificates select (records, nows, certs);

        Prop.ForAll(Arb.From(cases), c => Check(c.records, c.nows, c.certs))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Varslingsstatus_is_right_to_the_second_on_both_sides_of_the_expiry_even_when_the_clock_goes_back()
    {
        var confirmed = new DateTimeOffset(2024, 8, 31, 12, 0, 0, TimeSpan.Zero);
        var record = Person("12345678901", email: Channel("ola@test.no", confirmed), mobile: Channel("+4798765432", confirmed.AddDays(-3)));
        var expires = ContactFreshness.Expires(confirmed);
        var view = new LookupView(LookupVersion.V2, Contact: true, Mailbox: true);
        var certificates = new Dictionary<string, string>();

        foreach (var (now, status) in new[]
        {
            (expires.AddSeconds(-1), "KAN_VARSLES"), (expires, "KAN_IKKE_VARSLES"),
            (expires.AddSeconds(-1), "KAN_VARSLES"), (expires.AddYears(1), "KAN_IKKE_VARSLES"),
        })
        {
            var json = Answer([record], view, now, certificates);
            Assert.Equal(Expected([record], view, now, certificates), json);
            Assert.Contains($"\"varslingsstatus\":\"{status}\"", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_replaced_certificate_is_shown_at_once_and_a_removed_one_not_at_all()
    {
        var record = Person("12345678901", mailbox: new DigitalMailboxRecord("ola#1", Providers[0]));
        var view = new LookupView(LookupVersion.V2, Contact: true, Mailbox: true);
        var now = Epoch;

        Assert.Contains("\"sertifikat\":\"first\"", Answer([record], view, now, new Dictionary<string, string> { [Providers[0]] = "first" }), StringComparison.Ordinal);
        var replaced = new Dictionary<string, string> { [Providers[0]] = "second" };
        Assert.Equal(Expected([record], view, now, replaced), Answer([record], view, now, replaced));
        Assert.Contains("\"sertifikat\":\"second\"", Answer([record], view, now, replaced), StringComparison.Ordinal);
        Assert.DoesNotContain("sertifikat", Answer([record], view, now, new Dictionary<string, string>()), StringComparison.Ordinal);
    }

    private static bool Check(IReadOnlyList<PersonRecord?> records, IReadOnlyList<DateTimeOffset> nows, IReadOnlyList<IReadOnlyDictionary<string, string>> certificates)
    {
        foreach (var now in nows.Concat(records.OfType<PersonRecord>().SelectMany(Boundaries)))
        {
            foreach (var certs in certificates.DefaultIfEmpty(new Dictionary<string, string>()))
            {
                foreach (var view in Views)
                {
                    var expected = Expected(records, view, now, certs);
                    var actual = Answer(records, view, now, certs);
                    Assert.True(expected == actual, $"{view} at {now:O}:\nexpected {expected}\nactual   {actual}");
                }
            }
        }
        return true;
    }

    /// <summary>The instants just before and at the record's expiry, where varslingsstatus flips.</summary>
    private static IEnumerable<DateTimeOffset> Boundaries(PersonRecord record) =>
        PersonNotification.NotifiableUntil(record) is { } until ? [until.AddSeconds(-1), until, until.AddTicks(-1)] : [];

    /// <summary>Answered from entries kept per record instance, as an API process keeps them between lookups.</summary>
    private static string Answer(IReadOnlyList<PersonRecord?> records, LookupView view, DateTimeOffset now, IReadOnlyDictionary<string, string> certificates) =>
        Encoding.UTF8.GetString(LookupAnswer.Create(Identifiers(records), [.. records.Select(Held)], view, now, certificates).ToArray());

    private static readonly ConditionalWeakTable<PersonRecord, PreparedPerson> Entries = new();
    private static long _sequence;

    private static PreparedPerson Held(PersonRecord? record) => record is null
        ? new PreparedPerson(new VersionedRecord(default, null))
        : Entries.GetValue(record, r => new PreparedPerson(new VersionedRecord(new RecordVersion(Guid.Empty, Interlocked.Increment(ref _sequence)), r)));

    private static string Expected(IReadOnlyList<PersonRecord?> records, LookupView view, DateTimeOffset now, IReadOnlyDictionary<string, string> certificates)
    {
        var identifiers = Identifiers(records);
        var persons = records.Select((record, i) => PersonProjection.Project(identifiers[i], record, view, now, certificates)).ToList();
        return Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new LookupResponse(persons), LookupJsonContext.Wire.LookupResponse));
    }

    private static string[] Identifiers(IReadOnlyList<PersonRecord?> records) =>
        [.. records.Select((record, i) => record?.Identifier ?? $"0000000{i:0000}")];

    private static IReadOnlyDictionary<string, string>[] Certificates() =>
    [
        new Dictionary<string, string>(),
        new Dictionary<string, string> { [Providers[0]] = Convert.ToBase64String(new byte[900]) },
        new Dictionary<string, string> { [Providers[0]] = "MIIB+/=", [Providers[1]] = "\"quoted\" \\ <cert>" },
    ];

    private static Gen<PersonRecord> RecordGen()
    {
        var instant = Gen.Choose(0, 6 * 365 * 24 * 60).SelectMany(minutes => Gen.Elements(0, 1, 2).Select(offset =>
            new DateTimeOffset(Epoch.AddMinutes(minutes).AddTicks(minutes * 7919 % TimeSpan.TicksPerSecond).UtcDateTime).ToOffset(TimeSpan.FromHours(offset))));
        var optional = Gen.Frequency((1, Gen.Constant<DateTimeOffset?>(null)), (3, instant.Select(i => (DateTimeOffset?)i)));
        // Values the serialiser must escape, and one that spells out the certificate placeholder.
        var text = Gen.Elements("ola@test.no", "+4798765432", "ÆØÅ.æøå@døme.no", "a\"b\\c@x.no", "<script>&'", "x,\"sertifikat\":\"\"@y.no", "");
        var channel = Gen.Frequency(
            (1, Gen.Constant<ContactChannelRecord?>(null)),
            (3, from value in text from updated in instant from verified in optional from validated in optional
                from duplicated in Gen.Elements(true, false) from expired in optional
                select (ContactChannelRecord?)new ContactChannelRecord
                {
                    Value = value, Normalized = value, Updated = updated, LastVerified = verified, LastValidated = validated,
                    Duplicated = duplicated, ExpiredAt = expired,
                }));
        var mailbox = Gen.Frequency(
            (1, Gen.Constant<DigitalMailboxRecord?>(null)),
            (1, from address in text from provider in Gen.Elements(Providers.Append("974763907").ToArray())
                select (DigitalMailboxRecord?)new DigitalMailboxRecord(address, provider)));
        return from identifier in Gen.Choose(0, int.MaxValue).Select(n => $"{n % 100000:00000}{n / 100000 % 1000000:000000}")
               from status in Gen.Frequency((9, Gen.Constant(PersonStatus.Active)), (1, Gen.Constant(PersonStatus.Deleted)))
               from reserved in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
               from reservedAt in optional
               from reservationUpdated in optional
               from email in channel
               from mobile in channel
               from box in mailbox
               from language in Gen.Elements<string?>(null, "nb", "nn", "en", "se")
               from languageUpdated in optional
               from updated in instant
               select new PersonRecord
               {
                   Identifier = identifier, Status = status, Reserved = reserved, ReservedAt = reserved ? reservedAt : null,
                   ReservationUpdated = reservationUpdated, Email = email, Mobile = mobile, Mailbox = box,
                   Language = language, LanguageUpdated = languageUpdated, Updated = updated,
               };
    }

    private static ContactChannelRecord Channel(string value, DateTimeOffset confirmed) =>
        new() { Value = value, Normalized = value, Updated = confirmed };

    private static PersonRecord Person(string identifier, ContactChannelRecord? email = null, ContactChannelRecord? mobile = null, DigitalMailboxRecord? mailbox = null) =>
        new() { Identifier = identifier, Email = email, Mobile = mobile, Mailbox = mailbox, Updated = Epoch };
}
