using Krr.Grains.Statistics;

namespace Krr.Tests.Statistics;

public sealed class StatisticsRulesTests
{
    public static TheoryData<int, string?> Ages()
    {
        var data = new TheoryData<int, string?>();
        for (var age = 0; age <= 130; age++)
        {
            // Independent of AgeGroup: 15-20, then 5-year steps to 86-90, then 90+ for older than 90.
            string? expected = age < 15 ? null : age <= 20 ? "15-20" : age > 90 ? "90+" : $"{21 + (age - 21) / 5 * 5}-{25 + (age - 21) / 5 * 5}";
            data.Add(age, expected);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Ages))]
    public void Every_age_falls_in_exactly_the_published_group(int age, string? expected)
    {
        Assert.Equal(expected, AgeGroup.Of(age)?.Label);
        Assert.Equal(expected is null ? 0 : 1, AgeGroup.All.Count(g => g.Contains(age)));
    }

    [Fact]
    public void The_groups_are_the_sixteen_of_the_published_table()
    {
        Assert.Equal(
            ["15-20", "21-25", "26-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", "61-65", "66-70", "71-75", "76-80", "81-85", "86-90", "90+"],
            AgeGroup.All.Select(g => g.Label));
    }

    [Theory]
    [InlineData("2000-02-29", "2027-02-28", 26)]
    [InlineData("2000-02-29", "2027-03-01", 27)]
    [InlineData("2000-02-29", "2028-02-29", 28)]
    [InlineData("1990-06-15", "2026-06-14", 35)]
    [InlineData("1990-06-15", "2026-06-15", 36)]
    [InlineData("1990-12-31", "2026-01-01", 35)]
    public void Age_is_completed_years(string birth, string on, int expected) =>
        Assert.Equal(expected, AgeGroup.AgeOn(DateOnly.Parse(birth), DateOnly.Parse(on)));

    [Theory]
    [InlineData("0301", "03", "Oslo")]
    [InlineData("4601", "46", "Vestland")]
    [InlineData("5001", "50", "Trøndelag")]
    [InlineData("5632", "56", "Finnmark")]
    [InlineData("3201", "32", "Akershus")]
    public void The_county_is_the_first_two_digits(string number, string county, string name)
    {
        var municipality = Municipality.Parse(number);
        Assert.Equal((county, name), (municipality.CountyNumber, municipality.CountyName));
    }

    [Theory]
    [InlineData(null, "kommunenummer.format")]
    [InlineData("301", "kommunenummer.format")]
    [InlineData("03a1", "kommunenummer.format")]
    [InlineData("03011", "kommunenummer.format")]
    [InlineData("9901", "kommunenummer.county")]
    [InlineData("1201", "kommunenummer.county")]
    public void Invalid_municipality_numbers_say_why(string? value, string code)
    {
        Assert.False(Municipality.TryParse(value, out _, out var error));
        Assert.Equal(code, error.Code);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Every_known_municipality_is_valid_and_unique()
    {
        Assert.All(Municipalities.Known, m => Municipality.Parse(m.Number));
        Assert.Equal(Municipalities.Known.Count, Municipalities.Known.Select(m => m.Number).Distinct().Count());
        Assert.Equal(Municipality.Counties.Keys.Order(), Municipalities.Known.Select(m => m.Number[..2]).Distinct().Order());
    }

    [Theory]
    [InlineData(1, 3, 33.33)]
    [InlineData(2, 3, 66.67)]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 40000, 0.0)]
    [InlineData(1, 20000, 0.01)]
    [InlineData(0, 0, 0)]
    public void Shares_are_percent_with_two_decimals_halves_up(long part, long whole, decimal expected) =>
        Assert.Equal(expected, Share.Percent(part, whole));

    [Fact]
    public void The_age_table_file_is_read_and_checked()
    {
        using var reader = File.OpenText(RepositoryPaths.File("Krr.Api", "DemoData", "age-distribution.csv"));
        var table = AgeDistribution.Parse(reader);
        Assert.Equal(16, table.Count);
        Assert.Equal((340129L, 80.06m), (table[1].Residents, table[1].MailboxPercent));

        var missing = Assert.Throws<FormatException>(() => AgeDistribution.Parse(new StringReader("h\n15-20,1,2.0\n")));
        Assert.Contains("21-25 is missing", missing.Message);
        var twice = Assert.Throws<FormatException>(() => AgeDistribution.Parse(new StringReader("h\n15-20,1,2.0\n15-20,1,2.0\n")));
        Assert.Contains("line 3", twice.Message);
        var bad = Assert.Throws<FormatException>(() => AgeDistribution.Parse(new StringReader("h\n15-20,many,2.0\n")));
        Assert.Contains("line 2", bad.Message);
    }
}
