using Krr.Grains.Domain;
using Krr.Grains.Persons;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// N synthetic registered persons, the same for every side: 85 % with e-mail, 80 % with mobile, 30 % with a digital
/// mailbox at one provider (whose certificate then repeats per person, as in the register), 5 % reserved.
/// </summary>
public sealed class BenchmarkPersons
{
    public const string ProviderOrg = "987464291";
    private static readonly DateTimeOffset Base = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private BenchmarkPersons(PersonRecord[] records, string certificate)
    {
        Records = records;
        Certificate = certificate;
    }

    public PersonRecord[] Records { get; }

    /// <summary>A certificate of realistic size (a 2048-bit RSA X.509 certificate in PEM is about 1.2 KB).</summary>
    public string Certificate { get; }

    public static BenchmarkPersons Create(int count)
    {
        var random = new Random(42);
        var records = new PersonRecord[count];
        var birth = new DateOnly(1940, 1, 1);
        var individual = 500;
        for (var i = 0; i < count; i++)
        {
            PersonIdentifier? identifier = null;
            while (identifier is null)
            {
                individual = individual >= 749 ? 500 : individual + 1;
                if (individual == 500)
                {
                    birth = birth.AddDays(1);
                }
                identifier = PersonIdentifier.TryCreate(birth, individual, synthetic: true);
            }
            var updated = Base.AddSeconds(random.Next(20_000_000));
            var shape = random.Next(100);
            var reserved = random.Next(20) == 0;
            records[i] = new PersonRecord
            {
                Identifier = identifier.Value,
                Status = PersonStatus.Active,
                Reserved = reserved,
                ReservedAt = reserved ? updated : null,
                ReservationUpdated = updated,
                Email = shape < 85 ? Channel($"person{i}@bench.no", updated) : null,
                Mobile = shape >= 20 ? Channel($"+4791{i % 1_000_000:D6}", updated.AddHours(1)) : null,
                Mailbox = random.Next(10) < 3 ? new DigitalMailboxRecord($"person{i}#BENCH", ProviderOrg) : null,
                Language = "nb",
                LanguageUpdated = updated,
                Updated = updated.AddHours(1),
            };
        }
        var certificate = "-----BEGIN CERTIFICATE-----\\n" + Convert.ToBase64String(new Random(7).GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 900)) + "\\n-----END CERTIFICATE-----";
        return new BenchmarkPersons(records, certificate);
    }

    private static ContactChannelRecord Channel(string value, DateTimeOffset updated) =>
        new() { Value = value, Normalized = value, Updated = updated, LastVerified = updated, LastValidated = updated };
}
