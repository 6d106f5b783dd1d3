namespace Krr.Grains.Contacts;

/// <summary>
/// One normalised e-mail address or mobile number, keyed by <see cref="ContactKey"/>, tracking the persons that
/// hold it. It never calls out, so persons may call it while they hold their own write lock.
/// </summary>
[Alias("krr.IContactOwnersGrain")]
public interface IContactOwnersGrain : IGrainWithStringKey
{
    [Alias("AddOwner")]
    Task<OwnershipChange> AddOwnerAsync(string identifier);

    [Alias("RemoveOwner")]
    Task<OwnershipChange> RemoveOwnerAsync(string identifier);

    /// <summary>Whether anyone but <paramref name="identifier"/> holds the value.</summary>
    [ReadOnly, Alias("HasOtherOwners")]
    Task<bool> HasOtherOwnersAsync(string identifier);

    /// <summary>Everyone who holds the value, for settling a change whose notifications may have been lost.</summary>
    [ReadOnly, Alias("Owners")]
    Task<ImmutableArray<string>> OwnersAsync();
}
