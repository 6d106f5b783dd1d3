using Krr.Grains.Domain;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;

namespace Krr.Tests.Reverification;

/// <summary>The plain rules of re-verification: which entries a record schedules, how changes move them, expiry and warning texts.</summary>
public sealed class ReverificationRulesTests
{
    private const string Id = "01017012345";
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static ContactChannelRecord Channel(string value, DateTimeOffset updated, DateTimeOffset? verified = null) =>
        new() { Value = value, Normalized = value, Updated = updated, LastVerified = verified };

    private static PersonRecord Person(ContactChannelRecord? email = null, ContactChannelRecord? mobile = null, bool reserved = false) =>
        new() { Identifier = Id, Status = PersonStatus.Active, Email = email, Mobile = mobile, Reserved = reserved, Updated = T0 };

    [Fact]
    public void Each_channel_gets_a_warning_and_an_expiry_for_its_newest_confirmation()
    {
        var record = Person(Channel("a@b.no", T0, T0.AddDays(3)), Channel("+4791234567", T0));

        Assert.Equal(
            [
                new DueEntry(Id, ContactChannel.Email, DueKind.Warn16, T0.AddDays(3)),
                new DueEntry(Id, ContactChannel.Email, DueKind.Expire18, T0.AddDays(3)),
                new DueEntry(Id, ContactChannel.Mobile, DueKind.Warn16, T0),
                new DueEntry(Id, ContactChannel.Mobile, DueKind.Expire18, T0),
            ],
            DueSchedule.For(record));
    }

    [Fact]
    public void Reserved_persons_are_not_warned_but_their_channels_still_expire()
    {
        Assert.Equal([new DueEntry(Id, ContactChannel.Mobile, DueKind.Expire18, T0)],
            DueSchedule.For(Person(mobile: Channel("+4791234567", T0), reserved: true)));
    }

    [Fact]
    public void Deleted_unknown_and_channel_less_persons_have_nothing_due()
    {
        Assert.Empty(DueSchedule.For(null));
        Assert.Empty(DueSchedule.For(Person()));
        Assert.Empty(DueSchedule.For(Person(Channel("a@b.no", T0)) with { Status = PersonStatus.Deleted }));
    }

    [Fact]
    public void Due_instants_and_days_follow_ContactFreshness_in_UTC()
    {
        var late = new DateTimeOffset(2024, 8, 31, 23, 30, 0, TimeSpan.FromHours(-2)); // 1 Sep 01:30 UTC
        var warn = new DueEntry(Id, ContactChannel.Email, DueKind.Warn16, late);
        var expire = warn with { Kind = DueKind.Expire18 };

        Assert.Equal(ContactFreshness.WarningDue(late), warn.DueAt);
        Assert.Equal(ContactFreshness.Expires(late), expire.DueAt);
        Assert.Equal(new DateOnly(2026, 1, 1), warn.Day);
        Assert.Equal(new DateOnly(2026, 3, 1), expire.Day);
    }

    [Fact]
    public void Stored_instants_are_whole_microseconds_in_UTC()
    {
        var precise = new DateTimeOffset(2025, 3, 10, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var stored = DueEntry.Stored(precise);

        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(0, stored.Ticks % 10);
        Assert.Equal(precise.UtcTicks - 7, stored.UtcTicks);
        Assert.Equal(stored, DueEntry.Stored(stored));
    }

    [Fact]
    public void A_confirmation_moves_every_entry_and_an_unrelated_change_moves_none()
    {
        var before = Person(Channel("a@b.no", T0), Channel("+4791234567", T0));
        var confirmed = PersonChanges.Confirm(before, T0.AddMonths(15))!;
        var relabelled = PersonChanges.SetLanguage(before, Id, "nn", T0.AddDays(1));

        var (removed, added) = DueSchedule.Moves(before, confirmed);
        Assert.Equal(DueSchedule.For(before), removed);
        Assert.Equal(DueSchedule.For(confirmed), added);
        Assert.All(added, e => Assert.Equal(T0.AddMonths(15), e.LastConfirmed));

        var unrelated = DueSchedule.Moves(before, relabelled);
        Assert.Empty(unrelated.Removed);
        Assert.Empty(unrelated.Added);
    }

    [Fact]
    public void Reserving_removes_the_warnings_and_deleting_removes_everything()
    {
        var before = Person(mobile: Channel("+4791234567", T0));

        var reserved = DueSchedule.Moves(before, PersonChanges.SetReservation(before, Id, true, T0.AddDays(1)));
        Assert.Equal([new DueEntry(Id, ContactChannel.Mobile, DueKind.Warn16, T0)], reserved.Removed);
        Assert.Empty(reserved.Added);

        var deleted = DueSchedule.Moves(before, PersonChanges.Delete(before, T0.AddDays(1)));
        Assert.Equal(DueSchedule.For(before), deleted.Removed);
        Assert.Empty(deleted.Added);
    }

    [Fact]
    public void Expiry_is_recorded_once_at_18_months_for_the_confirmation_it_was_due_for()
    {
        var record = Person(Channel("a@b.no", T0), Channel("+4791234567", T0));
        var expires = ContactFreshness.Expires(T0);

        Assert.Same(record, ChannelExpiry.Record(record, ContactChannel.Email, T0, expires.AddTicks(-1)));
        Assert.Same(record, ChannelExpiry.Record(record, ContactChannel.Email, T0.AddDays(-1), expires));

        var expired = ChannelExpiry.Record(record, ContactChannel.Email, T0, expires.AddHours(1))!;
        Assert.Equal(expires, expired.Email!.ExpiredAt);
        Assert.Null(expired.Mobile!.ExpiredAt);
        Assert.Equal(expires.AddHours(1), expired.Updated);
        Assert.True(ChannelExpiry.IsRecorded(expired.Email));
        Assert.Same(expired, ChannelExpiry.Record(expired, ContactChannel.Email, T0, expires.AddHours(2)));

        // The expired channel leaves the schedule; the other keeps its entries.
        Assert.All(DueSchedule.For(expired), e => Assert.Equal(ContactChannel.Mobile, e.Channel));
    }

    [Fact]
    public void A_confirmation_after_the_expiry_makes_the_recorded_expiry_stale()
    {
        var expires = ContactFreshness.Expires(T0);
        var expired = ChannelExpiry.Record(Person(Channel("a@b.no", T0)), ContactChannel.Email, T0, expires)!;

        var confirmed = PersonChanges.Confirm(expired, expires.AddDays(2))!;

        Assert.Equal(expires, confirmed.Email!.ExpiredAt);
        Assert.False(ChannelExpiry.IsRecorded(confirmed.Email));
        Assert.Equal(2, DueSchedule.For(confirmed).Count);
    }

    [Fact]
    public void Expiry_is_not_recorded_for_deleted_persons_or_missing_channels()
    {
        var deleted = PersonChanges.Delete(Person(Channel("a@b.no", T0)), T0)!;
        Assert.Same(deleted, ChannelExpiry.Record(deleted, ContactChannel.Email, T0, T0.AddYears(2)));
        var mobileOnly = Person(mobile: Channel("+4791234567", T0));
        Assert.Same(mobileOnly, ChannelExpiry.Record(mobileOnly, ContactChannel.Email, T0, T0.AddYears(2)));
        Assert.Null(ChannelExpiry.Record(null, ContactChannel.Email, T0, T0.AddYears(2)));
    }

    [Fact]
    public void The_warning_goes_by_email_else_by_sms_and_only_to_a_fresh_address()
    {
        var now = ContactFreshness.WarningDue(T0);
        var both = Person(Channel("a@b.no", T0), Channel("+4791234567", T0));
        var staleEmail = Person(Channel("a@b.no", T0.AddMonths(-3)), Channel("+4791234567", T0));
        var mobileOnly = Person(mobile: Channel("+4791234567", T0));

        var email = WarningMessage.For(both, T0, now)!;
        Assert.Equal((MessageChannel.Email, "a@b.no"), (email.Channel, email.Recipient));
        Assert.NotNull(email.Subject);

        var sms = WarningMessage.For(staleEmail, T0, now)!;
        Assert.Equal((MessageChannel.Sms, "+4791234567", (string?)null), (sms.Channel, sms.Recipient, sms.Subject));
        Assert.Equal(MessageChannel.Sms, WarningMessage.For(mobileOnly, T0, now)!.Channel);

        Assert.Null(WarningMessage.For(Person(), T0, now));
        Assert.Null(WarningMessage.For(both, T0, ContactFreshness.Expires(T0)));
    }

    [Fact]
    public void The_dedupe_key_names_person_channel_and_confirmation_so_channels_confirmed_together_get_one_warning()
    {
        var now = ContactFreshness.WarningDue(T0);
        var record = Person(Channel("a@b.no", T0), Channel("+4791234567", T0));

        var key = WarningMessage.For(record, T0.AddTicks(3), now)!.DedupeKey;

        Assert.Equal($"warn16:{Id}:email:2025-03-10T12:00:00.000000Z", key);
        Assert.Equal(key, WarningMessage.For(record, T0, now)!.DedupeKey);
        Assert.NotEqual(key, WarningMessage.For(record, T0.AddDays(1), now.AddDays(1))!.DedupeKey);
    }

    [Theory]
    [InlineData(null, "Bekreft kontaktinformasjonen din", "ble sist oppdatert eller bekreftet 10.03.2025", "innen 10.09.2026")]
    [InlineData("nb", "Bekreft kontaktinformasjonen din", "ble sist oppdatert eller bekreftet 10.03.2025", "innen 10.09.2026")]
    [InlineData("se", "Bekreft kontaktinformasjonen din", "ble sist oppdatert eller bekreftet 10.03.2025", "innen 10.09.2026")]
    [InlineData("nn", "Stadfest kontaktinformasjonen din", "vart sist oppdatert eller stadfesta 10.03.2025", "innan 10.09.2026")]
    [InlineData("en", "Confirm your contact information", "was last updated or confirmed on 10.03.2025", "by 10.09.2026")]
    public void The_warning_is_in_the_persons_language_with_bokmaal_as_the_default(string? language, string subject, string confirmed, string deadline)
    {
        var record = Person(Channel("a@b.no", T0)) with { Language = language };

        var message = WarningMessage.For(record, T0, ContactFreshness.WarningDue(T0))!;

        Assert.StartsWith(subject, message.Subject);
        Assert.Contains(confirmed, message.Body);
        Assert.Contains(deadline, message.Body);
        Assert.Contains("https://minprofil.kontaktregisteret.no/", message.Body);
    }

    [Fact]
    public void Due_day_keys_have_a_non_hex_prefix_and_round_trip()
    {
        var day = new DateOnly(2027, 5, 14);
        Assert.Equal("due:2027-05-14", DueDayKey.For(day));
        Assert.Equal(day, DueDayKey.DayOf(DueDayKey.For(day)));
        Assert.Throws<ArgumentException>(() => DueDayKey.DayOf("2027-05-14"));
        Assert.Throws<ArgumentException>(() => DueDayKey.DayOf("due:14.05.2027"));
    }
}
