namespace Krr.Grains.Persons;

/// <summary>Told by a contact value's bookkeeping that whether the value is shared may have changed.</summary>
[Alias("krr.IDuplicateFlagListener")]
public interface IDuplicateFlagListener : IGrainWithStringKey
{
    /// <summary>
    /// Re-reads whether <paramref name="normalized"/> is held by others and updates the flag if the person
    /// still holds that value. Interleaves so that two persons updating each other cannot deadlock.
    /// </summary>
    [AlwaysInterleave, Alias("RefreshDuplicateFlag")]
    Task RefreshDuplicateFlagAsync(ContactChannel channel, string normalized);
}
