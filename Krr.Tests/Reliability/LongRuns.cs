namespace Krr.Tests.Reliability;

/// <summary>
/// The reliability suites run short in CI and long in nightly runs (<c>KRR_LONG_TESTS=1</c>): the same tests with
/// more requests, clients and rounds.
/// </summary>
public static class LongRuns
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("KRR_LONG_TESTS") == "1";

    public static int Scale(int ci, int nightly) => Enabled ? nightly : ci;
}
