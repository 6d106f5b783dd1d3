namespace Krr.Grains.Persons;

/// <summary>Stored state of <see cref="PersonGrain"/>, state name <c>person</c>.</summary>
[GenerateSerializer, Alias("krr.PersonState")]
public sealed class PersonState
{
    /// <summary>The state name of <see cref="PersonGrain"/>'s <c>[PersistentState]</c>, which lookups read by too (<c>StoredPersons</c>).</summary>
    public const string StateName = "person";

    [Id(0)] public PersonRecord? Record { get; set; }

    /// <summary>
    /// Contact values a change claims or releases, stored before their owner sets change and cleared by the record's
    /// write, and values whose co-owners could not be told: if the silo or the database fails before they are settled,
    /// the grain settles them later (<c>PersonGrain.SettleAsync</c>), so no stored record is left with owner sets or
    /// flags out of step.
    /// </summary>
    /// <remarks>Immutable, so the usual empty list is one shared instance, not one per active person.</remarks>
    [Id(1)] public ImmutableArray<UnsettledContact> Unsettled { get; set; } = [];
}
