namespace Krr.Grains.Contacts;

/// <summary>Stored state of <see cref="ContactOwnersGrain"/>, state name <c>contactOwners</c>.</summary>
[GenerateSerializer, Alias("krr.ContactOwnersState")]
public sealed class ContactOwnersState
{
    /// <summary>
    /// The holders, each once. Almost every value has one or two, so a small array (stored as the same JSON array a set
    /// was) costs an active contact grain far less than a hash set.
    /// </summary>
    [Id(0)] public ImmutableArray<string> Owners { get; set; } = [];
}
