namespace Krr.Grains.Statistics;

/// <summary>
/// The register's published age groups (SPEC §11): 15-20, then five years each up to 86-90, then 90+.
/// The published labels overlap at 90; 86-90 takes it, so 90+ means older than 90. Under 15 is in no group.
/// </summary>
public sealed record AgeGroup(string Label, int MinAge, int? MaxAge)
{
    public static IReadOnlyList<AgeGroup> All { get; } =
    [
        new("15-20", 15, 20),
        .. Enumerable.Range(0, 14).Select(i => new AgeGroup($"{21 + 5 * i}-{25 + 5 * i}", 21 + 5 * i, 25 + 5 * i)),
        new("90+", 91, null),
    ];

    public bool Contains(int age) => age >= MinAge && (MaxAge is not { } max || age <= max);

    /// <summary>The group of <paramref name="age"/>, or null under 15.</summary>
    public static AgeGroup? Of(int age) => All.FirstOrDefault(g => g.Contains(age));

    /// <summary>Completed years on <paramref name="on"/>; a 29 February birthday is completed on 1 March in other years.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year;
        return on.Month < birthDate.Month || (on.Month == birthDate.Month && on.Day < birthDate.Day) ? age - 1 : age;
    }
}
