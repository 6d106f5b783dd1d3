using Krr.Grains.Messaging;
using Krr.Hosting.Messaging;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Verification;

/// <summary>
/// A real <c>Krr.Silo</c> process drains the outbox into a real SMS gateway on loopback and is killed (SIGKILL) while
/// the gateway holds its request: the message is not lost, another dispatcher sends it once the claim runs out.
/// </summary>
public sealed class OutboxProcessKillTests
{
    [Fact]
    public async Task Killing_the_silo_process_in_the_middle_of_sending_loses_no_message()
    {
        var (connectionString, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        var message = new OutboxMessage("otp:kill:mobil:1", MessageChannel.Sms, "+4798765432", null, "Koden din er 123456");
        await new PostgresOutbox(database).EnqueueAsync(message);

        var requests = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = await LoopbackGateway.StartAsync(async http =>
        {
            Interlocked.Increment(ref requests);
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, http.RequestAborted); // the gateway never answers: the silo is mid-send
        });

        var lease = TimeSpan.FromSeconds(2);
        await using (var silo = ChildProcess.Start("Krr.Silo", new Dictionary<string, string>
        {
            ["ConnectionStrings__Krr"] = connectionString,
            ["Orleans__ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Krr__SmsGateway__Url"] = gateway.Url.ToString(),
            ["Krr__Outbox__LockDuration"] = lease.ToString(),
            ["Krr__Outbox__PollInterval"] = "00:00:00.200",
        }))
        {
            var started = await Task.WhenAny(entered.Task, Task.Delay(TimeSpan.FromSeconds(90)));
            Assert.True(started == entered.Task, "The silo never sent the message:\n" + silo.Output);
            await silo.KillAsync();
        }

        await using (var row = database.CreateCommand("SELECT sent_at IS NULL AND locked_until IS NOT NULL FROM krr_outbox"))
        {
            Assert.True((bool)(await row.ExecuteScalarAsync())!, "the killed silo's claim should be left behind, unsent");
        }
        var sender = new OutboxDispatcherTests.CapturingSender();
        var survivor = OutboxDispatcherTests.Dispatcher(database, sender, lease);
        var deadline = DateTime.UtcNow + lease + TimeSpan.FromSeconds(20);
        while (sender.Sent.Count == 0 && DateTime.UtcNow < deadline)
        {
            if (await survivor.DispatchDueAsync(CancellationToken.None) == 0)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal([message], sender.Sent);
        Assert.Equal(1, requests);
        await using var sent = database.CreateCommand("SELECT sent_at IS NOT NULL FROM krr_outbox");
        Assert.True((bool)(await sent.ExecuteScalarAsync())!);
    }
}
