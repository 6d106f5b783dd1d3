using System.Threading.Channels;
using Krr.Grains;
using Krr.Grains.Reverification;
using Krr.Hosting.Database;
using Krr.Hosting.Orleans;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Krr.Tests.Reverification;

/// <summary>
/// <see cref="DueDayWakes"/> on a real silo and bucket: wakes asked while a call to their day is in flight share the next
/// call, which starts only after they asked (so after their entries were stored), and the bucket is woken.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DueDayWakesTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Wakes_asked_during_a_call_share_one_call_that_starts_after_them()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var gate = new WakeGate();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            ReverificationClusterTests.ConfigureReverification(silo.AddKrrPersistence(db), db, new RegisterClock(new FakeTimeProvider(ReverificationClusterTests.T0)));
            silo.AddIncomingGrainCallFilter(gate);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var wakes = cluster.Silos[0].ServiceProvider.GetRequiredService<DueDayWakes>();
        var day = new DateOnly(2031, 5, 6);

        var first = wakes.WakeAsync(day);
        var firstCall = await gate.NextCallAsync().AsTask().WaitAsync(Wait);
        // Asked while the first call is at the bucket: that call may have started before their entries were stored.
        var later = Enumerable.Range(0, 50).Select(_ => wakes.WakeAsync(day)).ToList();
        firstCall.SetResult();
        await first.WaitAsync(Wait);
        var secondCall = await gate.NextCallAsync().AsTask().WaitAsync(Wait);
        Assert.All(later, wake => Assert.False(wake.IsCompleted));
        secondCall.SetResult();
        await Task.WhenAll(later).WaitAsync(Wait);

        Assert.Equal(2, gate.Calls);
        await using var reminders = db.CreateCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid = $1");
        reminders.Parameters.Add(new() { Value = DueDayKey.GrainIdFor(day).ToString() });
        Assert.Equal(1L, await reminders.ExecuteScalarAsync());
        // Nothing in flight any more: the next wake is a call of its own.
        var again = wakes.WakeAsync(day);
        (await gate.NextCallAsync().AsTask().WaitAsync(Wait)).SetResult();
        await again.WaitAsync(Wait);
        Assert.Equal(3, gate.Calls);
    }

    /// <summary>Holds every call of <see cref="IDueDayGrain.WakeAsync"/> until the test releases it.</summary>
    private sealed class WakeGate : IIncomingGrainCallFilter
    {
        private readonly Channel<TaskCompletionSource> _held = Channel.CreateUnbounded<TaskCompletionSource>();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<TaskCompletionSource> NextCallAsync() => _held.Reader.ReadAsync();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.MethodName == nameof(IDueDayGrain.WakeAsync))
            {
                Interlocked.Increment(ref _calls);
                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _held.Writer.TryWrite(release);
                await release.Task;
            }
            await context.Invoke();
        }
    }
}
