using Krr.Benchmarks.Lookup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Krr.Benchmarks;

/// <summary>
/// The embedded register on a fresh benchmark database (<c>--server</c>, else as <see cref="BenchmarkDatabase"/> finds
/// one) that holds <see cref="BenchmarkPersons"/> loaded in bulk; nothing activated yet.
/// </summary>
public sealed class LoadedRegister(
    ILoggerFactory loggers, BenchmarkDatabase database, BenchmarkIssuer issuer, BenchmarkPersons persons, EmbeddedRegister register)
    : IAsyncDisposable
{
    public BenchmarkIssuer Issuer => issuer;
    public BenchmarkPersons Persons => persons;
    public EmbeddedRegister Register => register;

    /// <summary>Stops the register and starts a fresh one (nothing activated) on the same database, with <paramref name="overrides"/>.</summary>
    public async Task RestartAsync(IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        await register.DisposeAsync();
        register = await EmbeddedRegister.StartAsync(database.DataSource, persons, issuer, overrides);
    }

    public static async Task<LoadedRegister> StartAsync(BenchmarkArguments arguments, int count, Action<IServiceCollection>? services = null)
    {
        var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var database = await BenchmarkDatabase.CreateAsync(loggers, arguments.Text("server", "") is { Length: > 0 } server ? server : null);
        var issuer = new BenchmarkIssuer();
        var persons = BenchmarkPersons.Create(count);
        await BenchmarkPopulation.LoadAsync(database.DataSource, persons);
        // Statistics for the freshly loaded tables before the load starts: without them whether autovacuum's ANALYZE had
        // run decided the plans of the batched statements, and one build gave 240 or 600 updates/s (docs/benchmarks.md).
        await using (var analyze = database.DataSource.CreateCommand("ANALYZE"))
        {
            await analyze.ExecuteNonQueryAsync();
        }
        return new LoadedRegister(loggers, database, issuer, persons, await EmbeddedRegister.StartAsync(database.DataSource, persons, issuer, services: services));
    }

    public async ValueTask DisposeAsync()
    {
        await register.DisposeAsync();
        issuer.Dispose();
        await database.DisposeAsync();
        loggers.Dispose();
    }
}
