using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Krr.Grains.Verification;

/// <summary>
/// The rules of SPEC §6.1 as plain functions. Codes are hashed with HMAC-SHA256 under a random per-code salt:
/// a 6-digit code is guessable offline whatever the hash, so what keeps it safe is the 10-minute life and
/// 5 tries; the hash keeps codes out of the database and backups, and the salt keeps one table of all
/// million codes from reading every row.
/// </summary>
public static class OneTimeCodes
{
    public const int Digits = 6;
    public const int MaxAttempts = 5;
    public const int MaxSendsPerWindow = 3;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan SendWindow = TimeSpan.FromMinutes(15);

    /// <summary>A uniformly distributed 6-digit code from the operating system's cryptographic generator.</summary>
    public static string Generate() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    public static byte[] Hash(string code, byte[] salt) => HMACSHA256.HashData(salt, Encoding.ASCII.GetBytes(code));

    /// <summary>Constant-time comparison, so response timing says nothing about how close a guess was.</summary>
    public static bool Matches(string? code, byte[] salt, byte[] hash) =>
        code is { Length: Digits } && code.All(char.IsAsciiDigit)
        && CryptographicOperations.FixedTimeEquals(Hash(code, salt), hash);

    /// <summary>The sends still inside the window; a new send is allowed when fewer than three remain.</summary>
    public static List<DateTimeOffset> InWindow(IEnumerable<DateTimeOffset> sends, DateTimeOffset now) =>
        sends.Where(sent => now - sent < SendWindow).Order().ToList();

    /// <summary>When the next send is allowed, or null when it is allowed now.</summary>
    public static DateTimeOffset? NextSendAllowed(IReadOnlyList<DateTimeOffset> sendsInWindow) =>
        sendsInWindow.Count < MaxSendsPerWindow ? null : sendsInWindow[^MaxSendsPerWindow] + SendWindow;
}
