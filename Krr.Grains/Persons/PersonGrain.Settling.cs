using Krr.Grains.Contacts;
using Microsoft.Extensions.Logging;

namespace Krr.Grains.Persons;

/// <summary>
/// Settling: a change touches several grains' state (this person, the contact values' owner sets, co-owners'
/// duplicate flags), and storage has no transaction across them. The values a change claims or releases are stored as
/// unsettled (<see cref="PersonState.Unsettled"/>) from before their owner sets change until the record's write, and a
/// value whose co-owner could not be told stays so after it; a write whose outcome is unknown
/// (storage failed, perhaps after committing) makes the grain re-read its state first. Settling re-derives each such
/// value's owner set and flags from the stored record, idempotently, and clears it. It runs before the next change,
/// on a timer while anything is left (kept alive until done), at activation, and from <c>UnsettledPersonSweep</c>
/// for persons a dead silo left that nobody calls.
/// </summary>
public sealed partial class PersonGrain
{
    private static readonly TimeSpan SettleRetry = TimeSpan.FromSeconds(2);
    /// <summary>Claimed values of writes whose outcome is unknown; null (not allocated) while there are none.</summary>
    private HashSet<UnsettledContact>? _unknownOutcome;
    private IGrainTimer? _settleTimer;

    Task IPersonGrain.SettleAsync() => SettleAsync();

    /// <summary>Settles every unsettled value; throws (and leaves them for the timer) when storage or a grain fails.</summary>
    private async Task SettleAsync()
    {
        if (_unknownOutcome is null && state.State.Unsettled.IsEmpty)
        {
            return;
        }
        ImmutableArray<UnsettledContact> values;
        var toNotify = new List<(UnsettledContact Value, string Owner)>();
        await WriteLock.WaitAsync();
        try
        {
            if (_unknownOutcome is not null)
            {
                // The stored state decides, not the activation's copy: the failed write may have been committed.
                await state.ReadStateAsync();
                Publish(state.State.Record);
            }
            values = [.. state.State.Unsettled.Union(_unknownOutcome ?? [])];
            var record = _published;
            foreach (var value in values)
            {
                var owners = GrainFactory.GetContactOwners(value.Channel, value.Normalized);
                var ownership = HeldValue(record, value.Channel) == value.Normalized
                    ? await owners.AddOwnerAsync(Identifier)
                    : await owners.RemoveOwnerAsync(Identifier);
                record = PersonChanges.SetDuplicateFlag(record, value.Channel, value.Normalized, ownership.Shared, clock.UtcNow);
                toNotify.AddRange((await owners.OwnersAsync()).Where(o => o != Identifier).Select(o => (value, o)));
            }
            // Stored before anyone is told, so from here a failure repeats only the telling.
            if (!ReferenceEquals(record, _published) || _unknownOutcome is not null)
            {
                await StoreAsync(record, values);
            }
            _unknownOutcome = null;
        }
        finally
        {
            WriteLock.Release();
        }

        // Every other owner re-reads its flag (outside the lock: two persons settling each other must not deadlock).
        await Task.WhenAll(toNotify.Select(n => GrainFactory.GetPerson(n.Owner).RefreshDuplicateFlagAsync(n.Value.Channel, n.Value.Normalized)));
        await MarkSettledAsync(values);
    }

    /// <summary>Clears <paramref name="values"/> from the stored unsettled list, once what they required is done.</summary>
    private async Task MarkSettledAsync(IReadOnlyCollection<UnsettledContact> values)
    {
        await WriteLock.WaitAsync();
        try
        {
            ImmutableArray<UnsettledContact> left = [.. state.State.Unsettled.Except(values)];
            if (left.Length != state.State.Unsettled.Length)
            {
                await StoreAsync(_published, left);
            }
        }
        finally
        {
            WriteLock.Release();
        }
    }

    /// <summary>Retries settling every couple of seconds until it succeeds; the activation stays alive meanwhile.</summary>
    private void ScheduleSettle() =>
        _settleTimer ??= this.RegisterGrainTimer(async () =>
        {
            try
            {
                await SettleAsync();
                _settleTimer?.Dispose();
                _settleTimer = null;
            }
            catch (Exception exception)
            {
                LogSettleFailed(logger, exception, Domain.PersonalDataMask.Scrub(Identifier));
            }
        }, new GrainTimerCreationOptions(SettleRetry, SettleRetry) { KeepAlive = true });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling the contact values of person {Person} failed; retrying")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string person);
}
