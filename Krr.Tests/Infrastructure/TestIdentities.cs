using Krr.Grains.Domain;

namespace Krr.Tests.Infrastructure;

/// <summary>Fresh synthetic identities (month + 80), so tests sharing a register never touch each other's persons.</summary>
public static class TestIdentities
{
    private static int _next = Random.Shared.Next(0, 200_000);

    public static string Next()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref _next);
            var birthDate = new DateOnly(1940, 1, 1).AddDays(n % 20_000);
            if (PersonIdentifier.TryCreate(birthDate, (n / 20_000 * 7 + n) % 500, synthetic: true) is { } identifier)
            {
                return identifier.Value;
            }
        }
    }

    public static string Email() => $"t{Guid.NewGuid():N}@test.no";

    private static int _nextMobile;

    /// <summary>A Norwegian mobile number no other test of this run uses.</summary>
    public static string Mobile() => $"+479{Interlocked.Increment(ref _nextMobile):D7}";
}
