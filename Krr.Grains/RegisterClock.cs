namespace Krr.Grains;

/// <summary>
/// The register's notion of now, wrapping a <see cref="TimeProvider"/>. It is a type of its own so tests can move
/// the register's clock by months without also moving the clock Orleans runs its membership and timers on.
/// </summary>
public sealed class RegisterClock(TimeProvider provider)
{
    public static RegisterClock System { get; } = new(TimeProvider.System);

    public TimeProvider Provider => provider;

    public DateTimeOffset UtcNow => provider.GetUtcNow();
}
