using System.Globalization;

namespace Krr.Grains.Statistics;

/// <summary>One row of the published age table: residents in the group and the percentage with a digital mailbox.</summary>
public sealed record AgeDistributionRow(AgeGroup Group, long Residents, decimal MailboxPercent);

/// <summary>
/// Reads the published age table (<c>aldersgruppe,innbyggere_totalt,andel_postkasser_prosent</c>, as in
/// <c>age-distribution.csv</c>). Every group must appear exactly once, so a generated population covers all of them.
/// </summary>
public static class AgeDistribution
{
    public static IReadOnlyList<AgeDistributionRow> Parse(TextReader reader)
    {
        var rows = new List<AgeDistributionRow>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = line.Split(',');
            var group = AgeGroup.All.FirstOrDefault(g => g.Label == fields[0].Trim());
            if (fields.Length != 3 || group is null
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var residents)
                || !decimal.TryParse(fields[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent > 100)
            {
                throw new FormatException($"line {lineNumber}: '{line}' is not 'aldersgruppe,innbyggere,andel_postkasser_prosent' with a known group and numbers");
            }
            if (rows.Any(r => r.Group == group))
            {
                throw new FormatException($"line {lineNumber}: group {group.Label} appears twice");
            }
            rows.Add(new AgeDistributionRow(group, residents, percent));
        }
        if (AgeGroup.All.FirstOrDefault(g => rows.All(r => r.Group != g)) is { } missing)
        {
            throw new FormatException($"group {missing.Label} is missing");
        }
        return rows.OrderBy(r => r.Group.MinAge).ToList();
    }
}
