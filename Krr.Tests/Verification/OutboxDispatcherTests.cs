using Krr.Grains.Messaging;
using Krr.Hosting.Messaging;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Krr.Tests.Verification;

/// <summary>The outbox dispatcher on a real PostgreSQL: claims, sends, retries with backoff, and loses nothing when a sender dies.</summary>
public sealed class OutboxDispatcherTests
{
    private static readonly OutboxMessage Code = new("otp:test:mobil:1", MessageChannel.Sms, "+4798765432", null, "Koden din er 123456");

    [Fact]
    public async Task A_due_message_is_sent_once_and_marked_sent()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        await new PostgresOutbox(database).EnqueueAsync(Code);
        var sender = new CapturingSender();
        var dispatcher = Dispatcher(database, sender, TimeSpan.FromMinutes(1));

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

        Assert.Equal([Code], sender.Sent);
        var row = await RowAsync(database);
        Assert.True(row.Sent);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task A_failed_send_is_retried_after_an_exponential_backoff_and_the_error_is_kept_masked()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        await new PostgresOutbox(database).EnqueueAsync(Code);
        var failing = new FailingSender();
        var dispatcher = Dispatcher(database, failing, TimeSpan.FromMinutes(1), firstBackoff: TimeSpan.FromSeconds(30));

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None)); // not due again for 30 s

        var row = await RowAsync(database);
        Assert.False(row.Sent);
        Assert.Equal(1, row.Attempts);
        Assert.InRange(row.DueIn, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));
        Assert.DoesNotContain("98765432", row.LastError);
        Assert.Contains("+47******32", row.LastError);

        var options = new OutboxDispatcherOptions { FirstBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromMinutes(1) };
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)],
            Enumerable.Range(1, 6).Select(options.BackoffAfter));
    }

    [Fact]
    public async Task Killing_the_dispatcher_in_the_middle_of_sending_loses_no_message()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        await new PostgresOutbox(database).EnqueueAsync(Code);
        var lease = TimeSpan.FromSeconds(2);

        // The first dispatcher claims the message and dies inside the send: it never marks it sent or failed.
        var dying = new HangingSender();
        using var kill = new CancellationTokenSource();
        var first = Dispatcher(database, dying, lease).DispatchDueAsync(kill.Token);
        await dying.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        // While the lease runs, another dispatcher leaves the message alone; once it has run out, it sends it.
        var sender = new CapturingSender();
        var second = Dispatcher(database, sender, lease);
        Assert.Equal(0, await second.DispatchDueAsync(CancellationToken.None));
        Assert.False((await RowAsync(database)).Sent);
        await Task.Delay(lease + TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, await second.DispatchDueAsync(CancellationToken.None));

        Assert.Equal([Code], sender.Sent);
        Assert.True((await RowAsync(database)).Sent);
    }

    [Fact]
    public async Task Two_dispatchers_draining_together_send_every_message_exactly_once()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        var outbox = new PostgresOutbox(database);
        for (var i = 0; i < 40; i++)
        {
            await outbox.EnqueueAsync(Code with { DedupeKey = $"otp:test:mobil:{i}" });
        }
        var sender = new CapturingSender();
        var a = Dispatcher(database, sender, TimeSpan.FromMinutes(1));
        var b = Dispatcher(database, sender, TimeSpan.FromMinutes(1));

        async Task DrainAsync(OutboxDispatcher dispatcher)
        {
            while (await dispatcher.DispatchDueAsync(CancellationToken.None) > 0)
            {
            }
        }
        await Task.WhenAll(DrainAsync(a), DrainAsync(b));

        Assert.Equal(40, sender.Sent.Select(m => m.DedupeKey).Distinct().Count());
        Assert.Equal(40, sender.Sent.Count);
    }

    internal static OutboxDispatcher Dispatcher(NpgsqlDataSource database, IMessageSender sender, TimeSpan lease, TimeSpan? firstBackoff = null) =>
        new(database, sender,
            Options.Create(new OutboxDispatcherOptions { LockDuration = lease, BatchSize = 5, FirstBackoff = firstBackoff ?? TimeSpan.FromSeconds(5) }),
            NullLogger<OutboxDispatcher>.Instance);

    private static async Task<(bool Sent, int Attempts, TimeSpan DueIn, string LastError)> RowAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT sent_at IS NOT NULL, attempts, next_attempt_at - now(), coalesce(last_error, '') FROM krr_outbox");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetBoolean(0), reader.GetInt32(1), reader.GetTimeSpan(2), reader.GetString(3));
    }

    internal sealed class CapturingSender : IMessageSender
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<OutboxMessage> _sent = new();

        public List<OutboxMessage> Sent => [.. _sent];

        public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            _sent.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingSender : IMessageSender
    {
        public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"550 mailbox {message.Recipient} unavailable");
    }

    private sealed class HangingSender : IMessageSender
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
