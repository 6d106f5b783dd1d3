using Krr.Grains.Contacts;
using Krr.Grains.Domain;
using Krr.Grains.LanguageSelection;
using Krr.Grains.Lookup;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Population;
using Krr.Grains.Reverification;
using Microsoft.Extensions.Logging;

namespace Krr.Grains.Persons;

/// <summary>
/// A person's record. Writes are serialised by a lock that is held only while the grain talks to contact
/// value grains (which never call out) and to storage; co-owners are notified after the lock is released, so
/// two persons notifying each other cannot deadlock. Readers see only the last stored record.
/// </summary>
public sealed partial class PersonGrain(
    [PersistentState("person", KrrStorage.Name)] IPersistentState<PersonState> state,
    RegisterClock clock,
    IDueEntryStore dueEntries,
    ActivePersons activePersons,
    ILogger<PersonGrain> logger)
    : Grain, IPersonGrain
{
    private static readonly ContactChannel[] Channels = [ContactChannel.Email, ContactChannel.Mobile];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private PersonRecord? _published;
    private ActivePerson? _active;

    private string Identifier => PersonKey.IdentifierOf(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _published = state.State.Record;
        _active = activePersons.Register(Identifier, _published);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_active is not null)
        {
            activePersons.Remove(Identifier, _active);
        }
        return Task.CompletedTask;
    }

    Task<PersonRecord?> IPersonGrain.GetAsync() => Task.FromResult(_published);

    Task<PersonRecord?> IPersonGrain.SetContactAsync(ContactChannel channel, ContactValue? value) =>
        ChangeAsync((current, now) => PersonChanges.SetContact(current, Identifier, channel, value, now));

    Task<PersonRecord?> IPersonGrain.ConfirmAsync() => ChangeAsync(PersonChanges.Confirm);

    Task<PersonRecord?> IPersonGrain.MarkValidatedAsync(ContactChannel channel, string normalized) =>
        ChangeAsync((current, now) => PersonChanges.MarkValidated(current, channel, normalized, now));

    async Task<PersonRecord> IPersonGrain.SetReservationAsync(bool reserved) =>
        (await ChangeAsync((current, now) => PersonChanges.SetReservation(current, Identifier, reserved, now)))!;

    Task<PersonRecord?> IPersonGrain.SetDigitalMailboxAsync(DigitalMailboxRecord? mailbox) =>
        ChangeAsync((current, now) => PersonChanges.SetDigitalMailbox(current, Identifier, mailbox, now));

    async Task<MailboxProviderResult> IPersonGrain.ChangeMailboxByProviderAsync(MailboxOperation operation, string providerOrg, string? address)
    {
        var error = MailboxProviderError.None;
        var record = await ChangeAsync((current, now) =>
        {
            (error, var mailbox) = MailboxProviderRules.Apply(current, operation, providerOrg, address);
            return error == MailboxProviderError.None ? PersonChanges.SetDigitalMailbox(current, Identifier, mailbox, now) : current;
        });
        return new MailboxProviderResult(error, record);
    }

    async Task<PersonRecord> IPersonGrain.SetLanguageAsync(string language) =>
        (await ChangeAsync((current, now) => PersonChanges.SetLanguage(current, Identifier, language, now)))!;

    async Task<LanguageResult> IPersonGrain.SetLanguageIfUnsetAsync(string language)
    {
        var outcome = LanguageOutcome.AlreadySet;
        var record = await ChangeAsync((current, now) =>
        {
            (var next, outcome) = PersonChanges.SetLanguageIfUnset(current, Identifier, language, now);
            return next;
        });
        return new LanguageResult(outcome, record!.Language!);
    }

    Task<PersonRecord?> IPersonGrain.DeleteAsync() => ChangeAsync(PersonChanges.Delete);

    async Task<PersonRecord> IPersonGrain.SeedAsync(PersonRecord record)
    {
        if (record.Identifier != Identifier)
        {
            throw new ArgumentException("The seeded record belongs to another person.", nameof(record));
        }
        return (await ChangeAsync((_, _) => record with
        {
            Email = record.Email is null ? null : record.Email with { Duplicated = false },
            Mobile = record.Mobile is null ? null : record.Mobile with { Duplicated = false },
        }, carryDuplicateFlags: true))!;
    }

    async Task IPersonGrain.TransferToAsync(string newIdentifier)
    {
        // Adopt first, delete after: while both hold a value the new one's flag says shared, and the
        // release by this delete tells it otherwise, so co-owners' flags are right at every step.
        if (_published is { Status: PersonStatus.Active } record)
        {
            await GrainFactory.GetPerson(newIdentifier).AdoptAsync(record);
            await ChangeAsync(PersonChanges.Delete);
        }
    }

    Task<PersonRecord?> IPersonGrain.AdoptAsync(PersonRecord source) =>
        ChangeAsync((current, now) => IdentifierChange.Adopt(current, source, Identifier, now));

    async Task IDuplicateFlagListener.RefreshDuplicateFlagAsync(ContactChannel channel, string normalized)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_published?.Channel(channel)?.Normalized != normalized)
            {
                return;
            }
            var shared = await GrainFactory.GetContactOwners(channel, normalized).HasOtherOwnersAsync(Identifier);
            var next = PersonChanges.SetDuplicateFlag(_published, channel, normalized, shared, clock.UtcNow);
            if (!ReferenceEquals(next, _published))
            {
                await StoreAsync(next!);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Applies a change, keeps the contact value grains' owner sets in step with it, stores it, and tells the
    /// co-owners whose duplicate flag flipped, all before returning.
    /// </summary>
    private async Task<PersonRecord?> ChangeAsync(Func<PersonRecord?, DateTimeOffset, PersonRecord?> change, bool carryDuplicateFlags = false)
    {
        var notifications = new List<(ContactChannel Channel, string Normalized, string Owner)>();
        var released = new List<(ContactChannel Channel, string Normalized)>();
        PersonRecord? next;
        PersonRecord? previous;
        await _writeLock.WaitAsync();
        try
        {
            var current = _published;
            next = change(current, clock.UtcNow);
            if (ReferenceEquals(next, current) || next is null)
            {
                return current;
            }
            previous = current;
            var added = new List<(ContactChannel Channel, string Normalized)>();
            try
            {
                foreach (var channel in Channels)
                {
                    var before = HeldValue(current, channel);
                    var after = HeldValue(next, channel);
                    if (after is not null && after != before)
                    {
                        var ownership = await GrainFactory.GetContactOwners(channel, after).AddOwnerAsync(Identifier);
                        added.Add((channel, after));
                        next = next.WithChannel(channel, next.Channel(channel)! with { Duplicated = ownership.Shared });
                        notifications.AddRange(ownership.OwnersToNotify.Select(owner => (channel, after, owner)));
                    }
                    else if (after is not null && carryDuplicateFlags)
                    {
                        next = next.WithChannel(channel, next.Channel(channel)! with { Duplicated = current!.Channel(channel)!.Duplicated });
                    }
                    if (before is not null && before != after)
                    {
                        released.Add((channel, before));
                    }
                }
                await StoreAsync(next);
            }
            catch
            {
                // Nothing was acknowledged: take back the ownerships this failed write claimed.
                await Task.WhenAll(added.Select(a => GrainFactory.GetContactOwners(a.Channel, a.Normalized).RemoveOwnerAsync(Identifier)));
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }

        await MoveDueEntriesAsync(previous);
        foreach (var (channel, normalized) in released)
        {
            var ownership = await GrainFactory.GetContactOwners(channel, normalized).RemoveOwnerAsync(Identifier);
            notifications.AddRange(ownership.OwnersToNotify.Select(owner => (channel, normalized, owner)));
        }
        await Task.WhenAll(notifications.Select(n =>
            GrainFactory.GetPerson(n.Owner).RefreshDuplicateFlagAsync(n.Channel, n.Normalized)));
        return next;
    }

    private static string? HeldValue(PersonRecord? record, ContactChannel channel) =>
        record is { Status: PersonStatus.Active } ? record.Channel(channel)?.Normalized : null;

    private async Task StoreAsync(PersonRecord next)
    {
        try
        {
            await state.WriteOrRestoreAsync((s, record) => s.Record = record, state.State.Record, next);
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception, PersonalDataMask.Scrub(Identifier));
            throw;
        }
        // Published here and to this silo's lookups before the write returns, so the next lookup sees it.
        _published = next;
        _active!.Record = next;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing person {Person} failed; the write is not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string person);
}
