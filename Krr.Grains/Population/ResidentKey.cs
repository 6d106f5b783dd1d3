namespace Krr.Grains.Population;

/// <summary>Grain keys for residents; the prefix keeps the all-digit identifier from being read as a hex integer key.</summary>
public static class ResidentKey
{
    private const string Prefix = "folkereg:";

    public static string For(string identifier) => Prefix + identifier;

    public static string IdentifierOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : throw new ArgumentException($"Not a resident key: {key}");

    public static IResidentGrain GetResident(this IGrainFactory grains, string identifier) =>
        grains.GetGrain<IResidentGrain>(For(identifier));
}
