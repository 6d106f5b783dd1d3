namespace Krr.Grains.Contacts;

/// <summary>Stored state of <see cref="ContactOwnersGrain"/>, state name <c>contactOwners</c>.</summary>
[GenerateSerializer, Alias("krr.ContactOwnersState")]
public sealed class ContactOwnersState
{
    [Id(0)] public HashSet<string> Owners { get; set; } = new(StringComparer.Ordinal);
}
