using Krr.Grains.Domain;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Krr.Grains.Reverification;

/// <summary>
/// A due-day bucket. Its one reminder first fires at the start of its day (or after <see cref="ReverificationOptions.MaxSleep"/>)
/// and then every <see cref="ReverificationOptions.Period"/> until the bucket is empty. Each tick compares the
/// register's clock with the entries' due instants and, for each due entry, asks the person whether it is still
/// current before acting, so ticks are idempotent: a duplicated tick finds warnings already in the outbox
/// (same dedupe key) and expiries already recorded.
/// </summary>
/// <remarks>
/// The grain type is fixed (it is the convention's name, made explicit) because reminder rows name it: the
/// backfill (<c>schedule-reverification</c>) writes bucket reminders for silos that are not running.
/// </remarks>
[GrainType(DueDayKey.GrainType)]
public sealed partial class DueDayGrain(
    IDueEntryStore entries,
    IOutbox outbox,
    RegisterClock clock,
    IOptions<ReverificationOptions> options,
    ILogger<DueDayGrain> logger)
    : Grain, IDueDayGrain, IRemindable
{
    private IGrainReminder? _reminder;
    private long _wakes;

    private DateOnly Day => DueDayKey.DayOf(this.GetPrimaryKeyString());

    private DateTimeOffset DayStart => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    async Task IDueDayGrain.WakeAsync()
    {
        _wakes++;
        _reminder ??= await RegisterAsync(DayStart);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        var settings = options.Value;
        var now = clock.UtcNow;
        _reminder ??= await this.GetReminder(DueDayKey.ReminderName);
        IReadOnlyList<DueEntry> batch;
        do
        {
            batch = await entries.ReadDueAsync(Day, now, settings.BatchSize);
            var results = await Task.WhenAll(batch.GroupBy(e => e.Person).Select(g => ProcessAsync(g.Key, [.. g], now)));
            await entries.ApplyAsync([.. results.SelectMany(done => done)], []);
            if (results.Any(done => done.Count == 0))
            {
                break; // a person failed: its entries stay and the next tick retries them
            }
        }
        while (batch.Count == settings.BatchSize);

        var wakes = _wakes;
        var next = await entries.NextDueAsync(Day);
        if (next is null && wakes == _wakes && _reminder is not null)
        {
            await this.UnregisterReminder(_reminder);
            _reminder = null;
            if (wakes != _wakes)
            {
                _reminder = await RegisterAsync(DayStart); // woken while unregistering: entries were added
            }
        }
        else if (next is { } nextDue && Delay(nextDue) > settings.Period)
        {
            _reminder = await RegisterAsync(nextDue);
        }
    }

    /// <summary>Acts on one person's due entries; returns those that are done (acted on or stale), none on failure.</summary>
    private async Task<IReadOnlyList<DueEntry>> ProcessAsync(string identifier, IReadOnlyList<DueEntry> due, DateTimeOffset now)
    {
        var person = GrainFactory.GetPerson(identifier);
        try
        {
            var record = await person.GetAsync();
            var current = DueSchedule.For(record);
            if (due.Any(e => !current.Contains(e)))
            {
                // Either moved as it should (this row is left over) or the move was lost with a silo: put the person's
                // current entries on again, then drop the stale ones.
                await person.RescheduleAsync();
            }
            foreach (var entry in due.Where(current.Contains))
            {
                if (entry.Kind == DueKind.Expire18)
                {
                    await person.RecordExpiryAsync(entry.Channel, entry.LastConfirmed);
                }
                else if (ContactFreshness.IsFresh(entry.LastConfirmed, now) && WarningMessage.For(record!, entry.LastConfirmed, now) is { } warning)
                {
                    // A warning after the expiry would announce a deadline already passed; the expiry follows instead.
                    await outbox.EnqueueAsync(warning);
                }
            }
            return due;
        }
        catch (Exception exception)
        {
            LogPersonFailed(logger, exception, PersonalDataMask.Scrub(identifier), this.GetPrimaryKeyString());
            return [];
        }
    }

    private Task<IGrainReminder> RegisterAsync(DateTimeOffset wakeAt) =>
        this.RegisterOrUpdateReminder(DueDayKey.ReminderName, Delay(wakeAt), options.Value.Period);

    /// <summary>How long to sleep until <paramref name="wakeAt"/> on the register's clock, at most <see cref="ReverificationOptions.MaxSleep"/>.</summary>
    private TimeSpan Delay(DateTimeOffset wakeAt)
    {
        var delay = wakeAt - clock.UtcNow;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > options.Value.MaxSleep ? options.Value.MaxSleep : delay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-verification of person {Person} in bucket {Bucket} failed; retried at the next tick")]
    private static partial void LogPersonFailed(ILogger logger, Exception exception, string person, string bucket);
}
