using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Grains.Statistics;

namespace Krr.Api.DemoData;

/// <summary>
/// The demo register: a handful of persons that show the register's cases at a glance, and a few thousand
/// generated ones. Identities are synthetic (month + 80), so none of them is a real person.
/// </summary>
public static class DemoPopulation
{
    public const string Digipost = PopulationGenerator.Digipost;
    public const string EBoks = PopulationGenerator.EBoks;
    /// <summary>Digdir, the demo agency the development token speaks for.</summary>
    public const string DemoAgency = "991825827";
    /// <summary>The seed slides' example person.</summary>
    public const string SeedPerson = "17912099997";

    public static readonly string SharedEmailFirst = Synthetic(new DateOnly(1985, 3, 14), 0);
    public static readonly string SharedEmailSecond = Synthetic(new DateOnly(1987, 6, 2), 0);
    public static readonly string Reserved = Synthetic(new DateOnly(1962, 11, 23), 0);
    public static readonly string Deleted = Synthetic(new DateOnly(1949, 5, 17), 0);
    public static readonly string Expired = Synthetic(new DateOnly(1975, 8, 30), 0);
    public static readonly IReadOnlyList<(string Identifier, string Language)> OnePerLanguage =
    [
        (Synthetic(new DateOnly(1990, 1, 10), 0), "nb"),
        (Synthetic(new DateOnly(1991, 2, 11), 0), "nn"),
        (Synthetic(new DateOnly(1992, 3, 12), 0), "en"),
        (Synthetic(new DateOnly(1993, 4, 13), 0), "se"),
    ];

    /// <summary>The identifiers the start-up banner's lookup command names.</summary>
    public static IReadOnlyList<string> Showcase => [SeedPerson, SharedEmailFirst, SharedEmailSecond, Reserved, Expired, Deleted];

    public static IEnumerable<PersonRecord> Named(DateTimeOffset now)
    {
        var recent = now.AddDays(-30);
        yield return Person(SeedPerson, recent, email: "kjell@test.no", mobile: "+4798765432", language: "nb") with
        {
            Mailbox = new DigitalMailboxRecord("kjell#digipost", Digipost),
        };
        yield return Person(SharedEmailFirst, recent, email: "familien@test.no", mobile: "+4791234567", language: "nb");
        yield return Person(SharedEmailSecond, recent, email: "Familien@test.no", mobile: "+4792345678", language: "nn");
        yield return Person(Reserved, recent, email: "reservert@test.no", mobile: "+4793456789", language: "nb") with
        {
            Reserved = true, ReservedAt = recent, ReservationUpdated = recent, Mailbox = new DigitalMailboxRecord("0000485887", EBoks),
        };
        yield return new PersonRecord { Identifier = Deleted, Status = PersonStatus.Deleted, Updated = recent };
        yield return Person(Expired, now.AddMonths(-19), email: "gammel@test.no", mobile: "+4794567890", language: "nb");
        foreach (var (identifier, language) in OnePerLanguage)
        {
            yield return Person(identifier, recent, email: $"spraak.{language}@test.no", mobile: null, language: language);
        }
    }

    /// <summary>The register's published age table, which the generated demo residents follow at small scale.</summary>
    public static IReadOnlyList<AgeDistributionRow> AgeTable()
    {
        using var stream = typeof(DemoPopulation).Assembly.GetManifestResourceStream("Krr.Api.DemoData.age-distribution.csv")!;
        using var reader = new StreamReader(stream);
        return AgeDistribution.Parse(reader);
    }

    /// <summary>
    /// Generated residents from <see cref="PopulationGenerator"/>: <paramref name="count"/> of them, aged as in the
    /// published table, with registrations, mailboxes, reservations, languages and some shared family values.
    /// </summary>
    public static IEnumerable<GeneratedResident> Generated(int count, DateTimeOffset now) =>
        PopulationGenerator.Generate(new PopulationSettings
        {
            Residents = count,
            Distribution = AgeTable(),
            // A fixed day keeps the identities the same at every start, so a restart finds them loaded.
            Today = new DateOnly(2026, 1, 1),
            Now = now,
        });

    private static PersonRecord Person(string identifier, DateTimeOffset at, string? email, string? mobile, string language) => new()
    {
        Identifier = identifier,
        Status = PersonStatus.Active,
        Email = email is null ? null : Channel(EmailAddress.Parse(email).Value, EmailAddress.Parse(email).Normalized, at),
        Mobile = mobile is null ? null : Channel(MobileNumber.Parse(mobile).E164, MobileNumber.Parse(mobile).E164, at),
        Language = language,
        LanguageUpdated = at,
        Updated = at,
    };

    private static ContactChannelRecord Channel(string value, string normalized, DateTimeOffset at) =>
        new() { Value = value, Normalized = normalized, Updated = at, LastVerified = at };

    /// <summary>The first valid synthetic identity born on <paramref name="birthDate"/> from individual number <paramref name="start"/> on.</summary>
    private static string Synthetic(DateOnly birthDate, int start)
    {
        for (var individual = start; individual < 1000; individual++)
        {
            if (PersonIdentifier.TryCreate(birthDate, individual, synthetic: true) is { } identifier)
            {
                return identifier.Value;
            }
        }
        throw new InvalidOperationException($"No synthetic identity for {birthDate}.");
    }
}
