using Krr.Grains.Statistics;

namespace Krr.Grains.Population;

/// <summary>What <see cref="PopulationGenerator"/> makes; the defaults are the generator's assumptions beyond the age table.</summary>
public sealed record PopulationSettings
{
    /// <summary>Norway's population, the size at which the age table is reproduced unscaled.</summary>
    public const long NationalResidents = 5_600_000;

    public const int DefaultSeed = 20261129;

    public required long Residents { get; init; }
    public required IReadOnlyList<AgeDistributionRow> Distribution { get; init; }
    /// <summary>The day ages are counted on; the statistics reproduce the table when computed on the same day.</summary>
    public required DateOnly Today { get; init; }
    public required DateTimeOffset Now { get; init; }
    public int Seed { get; init; } = DefaultSeed;
    /// <summary>Share of residents aged 15 and over registered in KRR (at least everyone with a mailbox).</summary>
    public double RegisteredShare { get; init; } = 0.92;
    /// <summary>Share of residents aged 15 and over who are registered without a mailbox and reserved.</summary>
    public double ReservedShare { get; init; } = 0.02;
    /// <summary>Share of registered persons who share the previous registered person's e-mail (a family address).</summary>
    public double SharedEmailShare { get; init; } = 0.04;
    public double SharedMobileShare { get; init; } = 0.02;
}
