namespace Krr.Grains.Persons;

/// <summary>
/// Grain keys for persons. The prefix keeps an all-digit identifier from being read as a hexadecimal
/// integer key by the AdoNet storage provider (orleans-postgres.md §1.4, pitfall 2).
/// </summary>
public static class PersonKey
{
    private const string Prefix = "person:";

    public static string For(string identifier) => Prefix + identifier;

    public static string IdentifierOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : throw new ArgumentException($"Not a person key: {key}");

    public static IPersonGrain GetPerson(this IGrainFactory grains, string identifier) =>
        StringKeyedGrains<IPersonGrain>.Get(grains, For(identifier));
}
