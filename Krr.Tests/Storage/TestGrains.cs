using System.Collections.Concurrent;
using Krr.Grains;

namespace Krr.Tests.Storage;

// Test-only grains. Keys carry a non-hex prefix ("probe:", "remind:", "fail:") as Krr requires.

[GenerateSerializer]
public sealed class StorageProbeState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public int Count { get; set; }
    [Id(2)] public List<string> Tags { get; set; } = [];
}

public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task<StorageProbeState> GetAsync();
    Task SetAsync(string name, int count);
}

public sealed class StorageProbeGrain(
    [PersistentState("storageProbe", KrrStorage.Name)] IPersistentState<StorageProbeState> state) : Grain, IStorageProbeGrain
{
    public Task<StorageProbeState> GetAsync() => Task.FromResult(state.State);

    public async Task SetAsync(string name, int count)
    {
        state.State.Name = name;
        state.State.Count = count;
        state.State.Tags = [name, "n" + count];
        await state.WriteStateAsync();
    }
}

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan period);
    Task StopAsync();
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe-tick";

    /// <summary>Ticks per grain key, observed in-process by the test.</summary>
    public static readonly ConcurrentDictionary<string, int> Ticks = new();

    public Task StartAsync(TimeSpan period) =>
        this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMilliseconds(200), period);

    public async Task StopAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
