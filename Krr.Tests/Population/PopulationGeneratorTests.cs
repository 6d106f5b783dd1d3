using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Grains.Statistics;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Population;

public sealed class PopulationGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<AgeDistributionRow> Table()
    {
        using var reader = File.OpenText(RepositoryPaths.File("Krr.Api", "DemoData", "age-distribution.csv"));
        return AgeDistribution.Parse(reader);
    }

    private static PopulationSettings Settings(long residents) =>
        new() { Residents = residents, Distribution = Table(), Today = DateOnly.FromDateTime(Now.UtcDateTime), Now = Now };

    [Fact]
    public void At_national_scale_the_group_sizes_are_the_published_table()
    {
        Assert.Equal(Table().Select(r => r.Residents), PopulationGenerator.GroupSizes(Settings(PopulationSettings.NationalResidents)));
    }

    [Fact]
    public void A_tenth_of_the_nation_reproduces_the_age_table_scaled_and_its_mailbox_shares()
    {
        var settings = Settings(560_000);
        var population = PopulationGenerator.Generate(settings).ToList();

        Assert.Equal(560_000, population.Count);
        var today = settings.Today;
        var byGroup = population.GroupBy(p => AgeGroup.Of(AgeGroup.AgeOn(p.Resident.BirthDate, today))?.Label ?? "0-14").ToDictionary(g => g.Key, g => g.ToList());
        foreach (var row in Table())
        {
            var members = byGroup[row.Group.Label];
            // Scaled residents: the published count / 10, rounded.
            Assert.Equal((long)Math.Round(row.Residents / 10m, MidpointRounding.AwayFromZero), members.Count);
            var mailboxPercent = 100.0 * members.Count(m => m.Person?.Mailbox is not null) / members.Count;
            Assert.True(Math.Abs(mailboxPercent - (double)row.MailboxPercent) < 0.05, $"{row.Group.Label}: {mailboxPercent:0.000} % against {row.MailboxPercent} %");
        }
        Assert.All(byGroup["0-14"], m => Assert.Null(m.Person));
    }

    [Fact]
    public void Identities_are_valid_unique_synthetic_and_match_the_records()
    {
        var population = PopulationGenerator.Generate(Settings(50_000)).ToList();

        Assert.Equal(population.Count, population.Select(p => p.Resident.Identifier).Distinct().Count());
        Assert.All(population, p =>
        {
            var identifier = PersonIdentifier.Parse(p.Resident.Identifier);
            Assert.True(identifier.IsSynthetic);
            Assert.Equal(identifier.BirthDate, p.Resident.BirthDate);
            Assert.True(Municipality.TryParse(p.Resident.Municipality, out _, out _));
            Assert.Equal(ResidentStatus.Resident, p.Resident.Status);
            Assert.True(p.Person is null || (p.Person.Identifier == p.Resident.Identifier && p.Person.Status == PersonStatus.Active));
        });
    }

    [Fact]
    public void Shared_values_exist_and_carry_the_duplicate_flag_exactly_when_shared()
    {
        var persons = PopulationGenerator.Generate(Settings(50_000)).Select(p => p.Person).OfType<PersonRecord>().ToList();

        foreach (var channel in new[] { ContactChannel.Email, ContactChannel.Mobile })
        {
            var holders = persons.Where(p => p.Channel(channel) is not null).GroupBy(p => p.Channel(channel)!.Normalized).ToList();
            Assert.Contains(holders, h => h.Count() > 1);
            Assert.All(holders, h => Assert.All(h, p => Assert.Equal(h.Count() > 1, p.Channel(channel)!.Duplicated)));
        }
        Assert.All(persons, p => Assert.True(p.Email is not null || p.Mobile is not null));
        Assert.Contains(persons, p => p.Reserved && p.Mailbox is null);
        Assert.DoesNotContain(persons, p => p.Reserved && p.Mailbox is not null);
        Assert.Equal(["en", "nb", "nn", "se"], persons.Select(p => p.Language!).Distinct().Order());
    }

    [Fact]
    public void The_same_settings_give_the_same_population() =>
        Assert.Equal(PopulationGenerator.Generate(Settings(2000)), PopulationGenerator.Generate(Settings(2000)));

    [Theory]
    [InlineData(0.4659, 398323)]
    [InlineData(0.0669, 36258)]
    [InlineData(0.5, 7)]
    [InlineData(0.0, 10)]
    [InlineData(1.0, 10)]
    public void Picks_chooses_exactly_the_floor_of_the_share(double share, int n) =>
        Assert.Equal((int)Math.Floor(n * share), Enumerable.Range(0, n).Count(i => PopulationGenerator.Picks(i, share)));
}
