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
    [PersistentState(PersonState.StateName, KrrStorage.Name)] IPersistentState<PersonState> state,
    RegisterClock clock,
    IDueEntryStore dueEntries,
    DueDayWakes dueDayWakes,
    ActivePersons activePersons,
    ILogger<PersonGrain> logger)
    : Grain, IPersonGrain
{
    /// <summary>
    /// How long an idle person stays active (Orleans' default is 15 minutes): a sweep of the register activates every
    /// person it looks up, and this bounds how many of them it holds (docs/architecture.md, "activation lifetime").
    /// </summary>
    public static readonly TimeSpan CollectionAge = TimeSpan.FromMinutes(1);

    /// <summary>The collection age the silo applies to person grains (<see cref="CollectionAge"/> unless configured otherwise).</summary>
    public static TimeSpan CollectionAgeIn(Orleans.Configuration.GrainCollectionOptions options) =>
        options.ClassSpecificCollectionAge.GetValueOrDefault(typeof(PersonGrain).FullName!, options.CollectionAge);
    private static readonly ContactChannel[] Channels = [ContactChannel.Email, ContactChannel.Mobile];
    /// <summary>Created by the first write: most active persons are only looked up, and every activation costs memory.</summary>
    private SemaphoreSlim WriteLock => field ??= new(1, 1);
    private PersonRecord? _published;
    private ActivePerson? _active;
    /// <summary>
    /// While a change tells its co-owners (its claimed values not yet stored): the values refreshed meanwhile, whose
    /// flags the change reads again before it stores them. Null otherwise.
    /// </summary>
    private HashSet<UnsettledContact>? _refreshedWhileTelling;

    /// <summary>
    /// Kept once known: the grain's key is decoded into a new string on every <c>GetPrimaryKeyString</c>, and a change
    /// asks for the identifier three to six times (its owner set calls, the change itself).
    /// </summary>
    private string? _identifier;

    private string Identifier => _identifier ??= PersonKey.IdentifierOf(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _published = state.State.Record;
        var identifier = Identifier;
        // The record's own string is the directory's key when it can be, so an active person holds its identifier once.
        _identifier = _published?.Identifier == identifier ? _published.Identifier : identifier;
        _active = activePersons.Register(_identifier, _published);
        if (state.State.Unsettled.Length > 0)
        {
            // Left by a silo or a database that failed mid-change.
            ScheduleSettle();
        }
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

    Task<VersionedRecord?> IPersonGrain.GetIfChangedAsync(RecordVersion known) => Task.FromResult(_active!.Published.IfChanged(known));

    Task IPersonGrain.StillUsedAsync() => Task.CompletedTask;

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
        await WriteLock.WaitAsync();
        try
        {
            if (_published?.Channel(channel)?.Normalized != normalized)
            {
                // A value the change in progress claims and has not stored yet: its flag is read again before it is.
                _refreshedWhileTelling?.Add(new UnsettledContact(channel, normalized));
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
            WriteLock.Release();
        }
    }

    /// <summary>
    /// Applies a change, keeps the contact value grains' owner sets in step with it, tells the co-owners whose duplicate
    /// flag flipped, and stores it, all before returning. The values the change claims and releases are stored as
    /// unsettled before any owner set changes, and stay so until the record's write, so a failure anywhere is settled
    /// later (<c>PersonGrain.Settling.cs</c>); a failure before the record's write is not acknowledged.
    /// </summary>
    /// <remarks>
    /// Durable steps, one after the other: the claim, the owner sets (claimed and released at once), the co-owners' flags,
    /// the record (which settles the claim), then the due entries' move. So every change is stored twice, and a co-owner's
    /// flag is stored before the write that made it flip returns. The co-owners are told without the write lock (two
    /// persons telling each other must not wait on each other's lock); what they store meanwhile is taken into the record.
    /// </remarks>
    private async Task<PersonRecord?> ChangeAsync(Func<PersonRecord?, DateTimeOffset, PersonRecord?> change, bool carryDuplicateFlags = false)
    {
        // What an earlier failure left comes first, so this change starts from the stored truth.
        await SettleAsync();
        // Loops and arrays rather than LINQ and lambdas over locals here: this runs for every change, and each closure,
        // iterator and set is garbage the collector clears (docs/benchmarks.md, "Register CPU per change (wt-k)").
        List<Notification>? notifications = null;
        List<UnsettledContact> added;
        List<UnsettledContact> touched;
        PersonRecord? next;
        PersonRecord? previous;
        await WriteLock.WaitAsync();
        try
        {
            var current = _published;
            next = change(current, clock.UtcNow);
            if (ReferenceEquals(next, current) || next is null)
            {
                return current;
            }
            previous = current;
            added = HeldOnlyBy(next, current);
            var released = HeldOnlyBy(current, next);
            // Stored as unsettled before any owner set changes, so a silo dying before the record's write leaves a
            // durable note, not a silent ghost owner or a holder missing from its value's owner set.
            touched = added;
            if (released.Count > 0)
            {
                touched = [.. added, .. released];
            }
            if (touched.Count > 0)
            {
                await StoreAsync(current, UnsettledUnion(state.State.Unsettled, touched));
            }
            try
            {
                // Contact value grains never call out, so their calls are made under the lock, all at once.
                var calls = new Task<OwnershipChange>[touched.Count];
                for (var i = 0; i < touched.Count; i++)
                {
                    var owners = GrainFactory.GetContactOwners(touched[i].Channel, touched[i].Normalized);
                    calls[i] = i < added.Count ? owners.AddOwnerAsync(Identifier) : owners.RemoveOwnerAsync(Identifier);
                }
                await Task.WhenAll(calls);
                for (var i = 0; i < touched.Count; i++)
                {
                    var value = touched[i];
                    var ownership = calls[i].Result;
                    if (i < added.Count)
                    {
                        next = next.WithChannel(value.Channel, next.Channel(value.Channel)! with { Duplicated = ownership.Shared });
                    }
                    foreach (var owner in ownership.OwnersToNotify)
                    {
                        (notifications ??= []).Add(new Notification(value, owner));
                    }
                }
                if (carryDuplicateFlags)
                {
                    next = WithFlagsOfKeptValues(next, current);
                }
                if (notifications is null)
                {
                    // The owner sets are settled by this very write.
                    await StoreAsync(next, UnsettledExcept(state.State.Unsettled, touched));
                }
                else
                {
                    _refreshedWhileTelling = [];
                }
            }
            catch
            {
                ChangeFailed(touched);
                throw;
            }
        }
        finally
        {
            WriteLock.Release();
        }

        if (notifications is not null)
        {
            next = await TellAndStoreAsync(next, notifications, added, touched);
        }
        await MoveDueEntriesAsync(previous);
        return next;
    }

    /// <summary>A co-owner to tell that its flag on <see cref="Value"/> may have flipped.</summary>
    private readonly record struct Notification(UnsettledContact Value, string Owner);

    /// <summary>
    /// Tells the co-owners (without the write lock), then stores <paramref name="next"/> with the flags they may have
    /// stored meanwhile: a value this change kept takes the flag now published, and a claimed value that was refreshed
    /// meanwhile is read again. A co-owner that could not be told leaves its value unsettled, for settling to tell again.
    /// </summary>
    private async Task<PersonRecord> TellAndStoreAsync(
        PersonRecord next, List<Notification> notifications, List<UnsettledContact> added, List<UnsettledContact> touched)
    {
        var telling = new Task<UnsettledContact?>[notifications.Count];
        for (var i = 0; i < telling.Length; i++)
        {
            telling[i] = TellAsync(notifications[i]);
        }
        List<UnsettledContact> untold = [];
        foreach (var value in await Task.WhenAll(telling))
        {
            if (value is not null && !untold.Contains(value))
            {
                untold.Add(value);
            }
        }
        await WriteLock.WaitAsync();
        try
        {
            next = WithFlagsOfKeptValues(next, _published);
            foreach (var value in added)
            {
                if (_refreshedWhileTelling!.Contains(value))
                {
                    var shared = await GrainFactory.GetContactOwners(value.Channel, value.Normalized).HasOtherOwnersAsync(Identifier);
                    next = next.WithChannel(value.Channel, next.Channel(value.Channel)! with { Duplicated = shared });
                }
            }
            await StoreAsync(next, UnsettledUnion(UnsettledExcept(state.State.Unsettled, touched), untold));
        }
        catch
        {
            ChangeFailed(touched);
            throw;
        }
        finally
        {
            _refreshedWhileTelling = null;
            WriteLock.Release();
        }
        if (untold.Count > 0)
        {
            // The change is stored, so it is acknowledged; the co-owners not told are stored as unsettled.
            ScheduleSettle();
        }
        return next;
    }

    /// <summary>Tells one co-owner; the value it concerns when that failed, else null.</summary>
    private async Task<UnsettledContact?> TellAsync(Notification notification)
    {
        try
        {
            await GrainFactory.GetPerson(notification.Owner).RefreshDuplicateFlagAsync(notification.Value.Channel, notification.Value.Normalized);
            return null;
        }
        catch (Exception exception)
        {
            LogSettleFailed(logger, exception, PersonalDataMask.Scrub(Identifier));
            return notification.Value;
        }
    }

    /// <summary><paramref name="next"/> with the duplicate flag of <paramref name="source"/> on each value both hold.</summary>
    private static PersonRecord WithFlagsOfKeptValues(PersonRecord next, PersonRecord? source)
    {
        foreach (var channel in Channels)
        {
            if (HeldValue(next, channel) is { } value && value == HeldValue(source, channel))
            {
                next = next.WithChannel(channel, next.Channel(channel)! with { Duplicated = source!.Channel(channel)!.Duplicated });
            }
        }
        return next;
    }

    /// <summary>The values <paramref name="holder"/> holds that <paramref name="other"/> does not hold on the same channel.</summary>
    private static List<UnsettledContact> HeldOnlyBy(PersonRecord? holder, PersonRecord? other)
    {
        List<UnsettledContact> values = new(Channels.Length);
        foreach (var channel in Channels)
        {
            if (HeldValue(holder, channel) is { } value && value != HeldValue(other, channel))
            {
                values.Add(new UnsettledContact(channel, value));
            }
        }
        return values;
    }

    /// <summary><paramref name="stored"/> and then those of <paramref name="values"/> it lacks, each once, in that order (as <c>Union</c>).</summary>
    private static ImmutableArray<UnsettledContact> UnsettledUnion(ImmutableArray<UnsettledContact> stored, List<UnsettledContact> values)
    {
        if (values.Count == 0)
        {
            return stored;
        }
        var union = ImmutableArray.CreateBuilder<UnsettledContact>(stored.Length + values.Count);
        foreach (var value in stored)
        {
            if (!union.Contains(value))
            {
                union.Add(value);
            }
        }
        foreach (var value in values)
        {
            if (!union.Contains(value))
            {
                union.Add(value);
            }
        }
        return union.DrainToImmutable();
    }

    /// <summary>Those of <paramref name="stored"/> not in <paramref name="values"/>, each once, in order (as <c>Except</c>).</summary>
    private static ImmutableArray<UnsettledContact> UnsettledExcept(ImmutableArray<UnsettledContact> stored, List<UnsettledContact> values)
    {
        if (stored.IsEmpty)
        {
            return stored;
        }
        var left = ImmutableArray.CreateBuilder<UnsettledContact>(stored.Length);
        foreach (var value in stored)
        {
            if (!values.Contains(value) && !left.Contains(value))
            {
                left.Add(value);
            }
        }
        return left.DrainToImmutable();
    }

    /// <summary>
    /// A change not acknowledged, yet possibly stored (a connection lost after the commit), and the owner sets may already
    /// be changed: the touched values are settled against the stored state.
    /// </summary>
    private void ChangeFailed(List<UnsettledContact> touched)
    {
        if (touched.Count > 0)
        {
            (_unknownOutcome ??= []).UnionWith(touched);
        }
        ScheduleSettle();
    }

    private static string? HeldValue(PersonRecord? record, ContactChannel channel) =>
        record is { Status: PersonStatus.Active } ? record.Channel(channel)?.Normalized : null;

    private Task StoreAsync(PersonRecord? next) => StoreAsync(next, state.State.Unsettled);

    private async Task StoreAsync(PersonRecord? next, ImmutableArray<UnsettledContact> unsettled)
    {
        try
        {
            await state.WriteOrRestoreAsync((s, value) => (s.Record, s.Unsettled) = value, (state.State.Record, state.State.Unsettled), (next, unsettled));
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception, PersonalDataMask.Scrub(Identifier));
            throw;
        }
        Publish(next);
    }

    /// <summary>
    /// What readers see: this activation's answers and this silo's lookups (<see cref="ActivePersons"/>) together, and
    /// only a stored record, so the next lookup after a write returns sees it.
    /// </summary>
    private void Publish(PersonRecord? record)
    {
        _published = record;
        activePersons.Publish(_active!, record);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing person {Person} failed; the write is not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string person);
}
