using Npgsql;

namespace Krr.Hosting.Storage;

/// <summary>
/// Runs a coalesced statement again when PostgreSQL picked it as a deadlock's victim. Batches sort their rows by key,
/// yet a statement's plan may take locks in an order of its own; the victim was rolled back whole, so running it again
/// applies each request once.
/// </summary>
internal static class DeadlockRetry
{
    private const int Attempts = 3;

    public static async Task<T> RunAsync<T>(Func<Task<T>> statement)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await statement();
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < Attempts)
            {
            }
        }
    }
}
