using Krr.Grains.Persons;

namespace Krr.Grains.Contacts;

/// <summary>
/// Grain keys for contact values: the normalised value behind a non-hex prefix, so a number like
/// <c>+4798765432</c> never becomes an integer key (orleans-postgres.md §1.4, pitfall 2).
/// </summary>
public static class ContactKey
{
    public static string For(ContactChannel channel, string normalized) =>
        (channel == ContactChannel.Email ? "epost:" : "mobil:") + normalized;

    public static IContactOwnersGrain GetContactOwners(this IGrainFactory grains, ContactChannel channel, string normalized) =>
        StringKeyedGrains<IContactOwnersGrain>.Get(grains, For(channel, normalized));
}
