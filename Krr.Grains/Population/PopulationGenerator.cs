using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Statistics;

namespace Krr.Grains.Population;

/// <summary>One generated person: Folkeregisteret's record, and the KRR record when registered.</summary>
public sealed record GeneratedResident(ResidentRecord Resident, PersonRecord? Person);

/// <summary>
/// A deterministic synthetic population (SPEC §12) streamed one person at a time, so 5.6 million never sit in memory.
/// Group sizes are the table's scaled by <see cref="PopulationSettings.Residents"/> / 5.6 million, rounded, the rest
/// under 15. Within a group, mailboxes, reservations and registrations are spread evenly by index, so their counts
/// are exact (floor of size × share) rather than left to chance; ages, birth dates, municipalities, languages and
/// contact values are drawn from a seeded random source. Duplicate flags are set as the register would set them.
/// </summary>
public static class PopulationGenerator
{
    public const string Digipost = "984661185";
    public const string EBoks = "922020175";
    private const int OldestAge = 101;
    /// <summary>Individual numbers start here, clear of the demo data's hand-made persons (which use the first valid ones).</summary>
    private const int FirstIndividualNumber = 100;
    private static readonly (string Code, double Weight)[] Languages = [("nb", 0.86), ("nn", 0.115), ("en", 0.02), ("se", 0.005)];

    /// <summary>Residents per group: the table's counts scaled to the requested size, rounded half away from zero.</summary>
    public static long[] GroupSizes(PopulationSettings settings) =>
        settings.Distribution
            .Select(r => (long)Math.Round((decimal)r.Residents * settings.Residents / PopulationSettings.NationalResidents, MidpointRounding.AwayFromZero))
            .ToArray();

    public static IEnumerable<GeneratedResident> Generate(PopulationSettings settings)
    {
        var state = new GeneratorState(settings);
        var sizes = GroupSizes(settings);
        for (var g = 0; g < sizes.Length; g++)
        {
            var row = settings.Distribution[g];
            var maxAge = row.Group.MaxAge ?? OldestAge;
            var mailboxShare = (double)row.MailboxPercent / 100;
            var reservedShare = Math.Min(1, settings.ReservedShare / Math.Max(1e-9, 1 - mailboxShare));
            var othersShare = Math.Clamp((settings.RegisteredShare - mailboxShare - settings.ReservedShare) / Math.Max(1e-9, 1 - mailboxShare - settings.ReservedShare), 0, 1);
            long withoutMailbox = 0, unreserved = 0;
            for (long i = 0; i < sizes[g]; i++)
            {
                var age = row.Group.MinAge + state.Random.Next(maxAge - row.Group.MinAge + 1);
                Registration registration;
                if (Picks(i, mailboxShare))
                    registration = Registration.WithMailbox;
                else if (Picks(withoutMailbox++, reservedShare))
                    registration = Registration.Reserved;
                else
                    registration = Picks(unreserved++, othersShare) ? Registration.Plain : Registration.None;
                foreach (var generated in state.Next(age, registration))
                    yield return generated;
            }
        }
        for (var i = sizes.Sum(); i < settings.Residents; i++)
        {
            foreach (var generated in state.Next(state.Random.Next(15), Registration.None))
                yield return generated;
        }
        if (state.Flush() is { } last)
            yield return last;
    }

    /// <summary>True for exactly floor(n × share) of the indexes 0..n-1, evenly spread.</summary>
    public static bool Picks(long index, double share) => Math.Floor((index + 1) * share) > Math.Floor(index * share);

    private enum Registration { None, Plain, Reserved, WithMailbox }

    private sealed class GeneratorState(PopulationSettings settings)
    {
        private readonly Dictionary<DateOnly, int> _nextIndividual = [];
        private readonly double[] _municipalityCumulative = Cumulative(Municipalities.Known.Select(m => m.Weight));
        private readonly double[] _languageCumulative = Cumulative(Languages.Select(l => l.Weight));
        private long _serial;
        /// <summary>The last registered person, held back until the next one decides whether it shares a value with it.</summary>
        private GeneratedResident? _pending;

        public Random Random { get; } = new(settings.Seed);

        public IEnumerable<GeneratedResident> Next(int age, Registration registration)
        {
            var serial = _serial++;
            var identifier = Identifier(BirthDate(age));
            var resident = new ResidentRecord
            {
                Identifier = identifier.Value,
                BirthDate = identifier.BirthDate,
                Municipality = Municipalities.Known[Pick(_municipalityCumulative)].Number,
                Status = ResidentStatus.Resident,
                Updated = DateTimeOffset.FromUnixTimeSeconds(settings.Now.ToUnixTimeSeconds()),
            };
            if (registration == Registration.None)
            {
                yield return new GeneratedResident(resident, null);
                yield break;
            }
            var person = Person(identifier.Value, serial, registration);
            var previous = _pending?.Person;
            if (previous?.Email is { } sharedEmail && person.Email is not null && Random.NextDouble() < settings.SharedEmailShare)
            {
                person = person with { Email = person.Email with { Value = sharedEmail.Value, Normalized = sharedEmail.Normalized, Duplicated = true } };
                previous = previous with { Email = sharedEmail with { Duplicated = true } };
            }
            if (previous?.Mobile is { } sharedMobile && person.Mobile is not null && Random.NextDouble() < settings.SharedMobileShare)
            {
                person = person with { Mobile = person.Mobile with { Value = sharedMobile.Value, Normalized = sharedMobile.Normalized, Duplicated = true } };
                previous = previous with { Mobile = sharedMobile with { Duplicated = true } };
            }
            if (_pending is not null)
                yield return _pending with { Person = previous };
            _pending = new GeneratedResident(resident, person);
        }

        public GeneratedResident? Flush() => _pending;

        private PersonRecord Person(string identifier, long serial, Registration registration)
        {
            // Whole seconds: PostgreSQL keeps microseconds, and a value must read back exactly as generated.
            var confirmed = DateTimeOffset.FromUnixTimeSeconds(settings.Now.AddDays(-Random.Next(1, 600)).ToUnixTimeSeconds() - Random.Next(86_400));
            var hasEmail = Random.NextDouble() < 0.9;
            var hasMobile = !hasEmail || Random.NextDouble() < 0.95;
            var reserved = registration == Registration.Reserved;
            var email = $"p{serial}@generert.krr.no";
            // 4xxxxxxx and 9xxxxxxx: twenty million distinct mobile numbers.
            var mobile = $"+47{(serial < 10_000_000 ? 9 : 4)}{serial % 10_000_000:D7}";
            return new PersonRecord
            {
                Identifier = identifier,
                Status = PersonStatus.Active,
                Reserved = reserved,
                ReservedAt = reserved ? confirmed : null,
                ReservationUpdated = reserved ? confirmed : null,
                Email = hasEmail ? Channel(email, confirmed) : null,
                Mobile = hasMobile ? Channel(mobile, confirmed) : null,
                Mailbox = registration != Registration.WithMailbox ? null
                    : serial % 5 < 3 ? new DigitalMailboxRecord($"p{serial}#digipost", Digipost) : new DigitalMailboxRecord($"{serial:D10}", EBoks),
                Language = Languages[Pick(_languageCumulative)].Code,
                LanguageUpdated = confirmed,
                Updated = confirmed,
            };
        }

        private static ContactChannelRecord Channel(string value, DateTimeOffset at) =>
            new() { Value = value, Normalized = value, Updated = at, LastVerified = at };

        /// <summary>A birth date that makes the person exactly <paramref name="age"/> on <see cref="PopulationSettings.Today"/>.</summary>
        private DateOnly BirthDate(int age)
        {
            var latest = settings.Today.AddYears(-age);
            var earliest = settings.Today.AddYears(-age - 1).AddDays(1);
            return earliest.AddDays(Random.Next(latest.DayNumber - earliest.DayNumber + 1));
        }

        private PersonIdentifier Identifier(DateOnly birthDate)
        {
            var individual = _nextIndividual.GetValueOrDefault(birthDate, birthDate.Year >= 2000 ? 500 : FirstIndividualNumber);
            while (individual < 1000)
            {
                var candidate = PersonIdentifier.TryCreate(birthDate, individual++, synthetic: true);
                // 500–899 encode no century for 1940–1999 births; skip to the 900s.
                if (candidate is null && birthDate.Year < 2000 && individual is > 500 and < 900)
                    individual = 900;
                if (candidate is not null)
                {
                    _nextIndividual[birthDate] = individual;
                    return candidate;
                }
            }
            throw new InvalidOperationException($"No synthetic identity left for birth date {birthDate}: the population is too dense for one day.");
        }

        private int Pick(double[] cumulative)
        {
            var x = Random.NextDouble() * cumulative[^1];
            var index = Array.BinarySearch(cumulative, x);
            return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
        }

        private static double[] Cumulative(IEnumerable<double> weights)
        {
            var sum = 0.0;
            return weights.Select(w => sum += w).ToArray();
        }
    }
}
