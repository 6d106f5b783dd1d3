using Krr.Grains.Persons;

namespace Krr.Tests.Persons;

public sealed class PersonChangesTests
{
    private const string Id = "17912099997";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddDays(1);
    private static readonly ContactValue Kjell = new("Kjell@Test.no", "kjell@test.no");

    [Fact]
    public void Setting_a_value_on_an_unknown_person_registers_them()
    {
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;

        Assert.Equal(PersonStatus.Active, record.Status);
        Assert.Equal("Kjell@Test.no", record.Email!.Value);
        Assert.Equal("kjell@test.no", record.Email.Normalized);
        Assert.Equal(T0, record.Email.Updated);
        Assert.Null(record.Email.LastVerified);
        Assert.Equal(T0, record.Updated);
    }

    [Fact]
    public void Setting_the_same_value_changes_nothing()
    {
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;

        Assert.Same(record, PersonChanges.SetContact(record, Id, ContactChannel.Email, Kjell with { }, T1));
    }

    [Fact]
    public void A_new_spelling_of_the_same_value_keeps_its_duplicate_flag_but_counts_as_an_update()
    {
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;
        record = record with { Email = record.Email! with { Duplicated = true, LastVerified = T0 } };

        var next = PersonChanges.SetContact(record, Id, ContactChannel.Email, new ContactValue("kjell@test.no", "kjell@test.no"), T1)!;

        Assert.True(next.Email!.Duplicated);
        Assert.Equal(T1, next.Email.Updated);
        Assert.Null(next.Email.LastVerified);
    }

    [Fact]
    public void A_new_value_starts_without_confirmation_validation_or_duplicate_flag()
    {
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Mobile, new ContactValue("+4798765432", "+4798765432"), T0)!;
        record = record with { Mobile = record.Mobile! with { Duplicated = true, LastVerified = T0, LastValidated = T0 } };

        var next = PersonChanges.SetContact(record, Id, ContactChannel.Mobile, new ContactValue("+4791234567", "+4791234567"), T1)!;

        Assert.Equal(new ContactChannelRecord { Value = "+4791234567", Normalized = "+4791234567", Updated = T1 }, next.Mobile);
    }

    [Fact]
    public void Removing_a_value_clears_the_channel_and_removing_nothing_changes_nothing()
    {
        Assert.Null(PersonChanges.SetContact(null, Id, ContactChannel.Email, null, T0));
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;

        var next = PersonChanges.SetContact(record, Id, ContactChannel.Email, null, T1)!;

        Assert.Null(next.Email);
        Assert.Equal(T1, next.Updated);
        Assert.Same(next, PersonChanges.SetContact(next, Id, ContactChannel.Mobile, null, T1));
    }

    [Fact]
    public void Confirming_stamps_both_channels_and_needs_at_least_one()
    {
        var empty = PersonChanges.SetLanguage(null, Id, "nb", T0);
        Assert.Same(empty, PersonChanges.Confirm(empty, T1));

        var record = PersonChanges.SetContact(empty, Id, ContactChannel.Email, Kjell, T0)!;
        record = PersonChanges.SetContact(record, Id, ContactChannel.Mobile, new ContactValue("+4798765432", "+4798765432"), T0)!;
        var next = PersonChanges.Confirm(record, T1)!;

        Assert.Equal(T1, next.Email!.LastVerified);
        Assert.Equal(T1, next.Mobile!.LastVerified);
        Assert.Equal(T0, next.Email.Updated);
    }

    [Fact]
    public void Validation_counts_only_for_the_value_the_code_was_sent_to()
    {
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;

        Assert.Same(record, PersonChanges.MarkValidated(record, ContactChannel.Email, "other@test.no", T1));
        Assert.Same(record, PersonChanges.MarkValidated(record, ContactChannel.Mobile, "kjell@test.no", T1));
        Assert.Equal(T1, PersonChanges.MarkValidated(record, ContactChannel.Email, "kjell@test.no", T1)!.Email!.LastValidated);
    }

    [Fact]
    public void Reserving_records_when_and_withdrawing_keeps_when_it_changed()
    {
        var reserved = PersonChanges.SetReservation(null, Id, true, T0);
        Assert.True(reserved.Reserved);
        Assert.Equal(T0, reserved.ReservedAt);
        Assert.Equal(T0, reserved.ReservationUpdated);
        Assert.Same(reserved, PersonChanges.SetReservation(reserved, Id, true, T1));

        var withdrawn = PersonChanges.SetReservation(reserved, Id, false, T1);
        Assert.False(withdrawn.Reserved);
        Assert.Null(withdrawn.ReservedAt);
        Assert.Equal(T1, withdrawn.ReservationUpdated);
    }

    [Fact]
    public void Deleting_erases_everything_but_the_identifier_and_a_later_write_starts_afresh()
    {
        Assert.Null(PersonChanges.Delete(null, T0));
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;
        record = PersonChanges.SetDigitalMailbox(record, Id, new DigitalMailboxRecord("kjell#digipost", "984661185"), T0)!;
        record = PersonChanges.SetLanguage(record, Id, "nb", T0);

        var deleted = PersonChanges.Delete(record, T1)!;

        Assert.Equal(new PersonRecord { Identifier = Id, Status = PersonStatus.Deleted, Updated = T1 }, deleted);
        Assert.Same(deleted, PersonChanges.Delete(deleted, T1));
        var again = PersonChanges.SetLanguage(deleted, Id, "en", T1.AddDays(1));
        Assert.Equal(PersonStatus.Active, again.Status);
        Assert.Null(again.Email);
        Assert.Null(again.Mailbox);
    }

    [Fact]
    public void Duplicate_flags_change_only_for_the_value_still_held()
    {
        var record = PersonChanges.SetContact(null, Id, ContactChannel.Email, Kjell, T0)!;

        Assert.Same(record, PersonChanges.SetDuplicateFlag(record, ContactChannel.Email, "old@test.no", true, T1));
        Assert.Same(record, PersonChanges.SetDuplicateFlag(record, ContactChannel.Email, "kjell@test.no", false, T1));
        var flagged = PersonChanges.SetDuplicateFlag(record, ContactChannel.Email, "kjell@test.no", true, T1)!;
        Assert.True(flagged.Email!.Duplicated);
        Assert.Equal(T1, flagged.Updated);
    }

    [Fact]
    public void The_mailbox_is_set_replaced_and_removed()
    {
        var mailbox = new DigitalMailboxRecord("kjell#digipost", "984661185");
        var record = PersonChanges.SetDigitalMailbox(null, Id, mailbox, T0)!;
        Assert.Equal(mailbox, record.Mailbox);
        Assert.Same(record, PersonChanges.SetDigitalMailbox(record, Id, mailbox with { }, T1));
        Assert.Null(PersonChanges.SetDigitalMailbox(record, Id, null, T1)!.Mailbox);
        Assert.Null(PersonChanges.SetDigitalMailbox(null, Id, null, T1));
    }
}
