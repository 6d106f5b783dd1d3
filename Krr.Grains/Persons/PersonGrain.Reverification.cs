using Krr.Grains.Reverification;

namespace Krr.Grains.Persons;

/// <summary>The person's side of re-verification: keeping its due entries in step with its stored record.</summary>
public sealed partial class PersonGrain
{
    /// <summary>
    /// Serialises moves, which run after the write lock is released: each move takes its previous record off and puts
    /// the then-published record on, so moves of overlapping changes cannot leave an older schedule in place. Created by
    /// the first move, as <see cref="WriteLock"/> is.
    /// </summary>
    private SemaphoreSlim ScheduleLock => field ??= new(1, 1);

    Task IReverificationTarget.RecordExpiryAsync(ContactChannel channel, DateTimeOffset lastConfirmed) =>
        ChangeAsync((current, now) => ChannelExpiry.Record(current, channel, lastConfirmed, now));

    Task IReverificationTarget.RescheduleAsync() => MoveDueEntriesAsync(previous: null);

    private async Task MoveDueEntriesAsync(PersonRecord? previous)
    {
        await ScheduleLock.WaitAsync();
        try
        {
            var (removed, added) = DueSchedule.Moves(previous, _published);
            if (removed.Count == 0 && added.Count == 0)
            {
                return;
            }
            await dueEntries.ApplyAsync(removed, added);
            // A change puts on two or four entries over one or two days: each day woken once.
            List<Task> wakes = new(2);
            for (var i = 0; i < added.Count; i++)
            {
                var day = added[i].Day;
                var seen = false;
                for (var j = 0; j < i && !seen; j++)
                {
                    seen = added[j].Day == day;
                }
                if (!seen)
                {
                    wakes.Add(dueDayWakes.WakeAsync(day));
                }
            }
            await Task.WhenAll(wakes);
        }
        finally
        {
            ScheduleLock.Release();
        }
    }
}
