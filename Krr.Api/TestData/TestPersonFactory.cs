using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Population;

namespace Krr.Api.TestData;

/// <summary>Creates a validated <see cref="NewTestPerson"/> through the grains, as a resident with a fresh synthetic identity.</summary>
public sealed class TestPersonFactory(IGrainFactory grains, RegisterClock clock)
{
    /// <summary>The new person's identifier, or null (nothing created) when every synthetic identity of the birth date is taken.</summary>
    public async Task<string?> CreateAsync(NewTestPerson request)
    {
        var birthDate = request.BirthDate ?? NewTestPerson.DefaultBirthDate;
        if (await FreeIdentifierAsync(birthDate) is not { } identifier)
        {
            return null;
        }
        await grains.GetResident(identifier).SeedAsync(new ResidentRecord
        {
            Identifier = identifier,
            BirthDate = birthDate,
            Municipality = request.Municipality ?? "0301",
            Status = ResidentStatus.Resident,
            Updated = clock.UtcNow,
        });
        if (request.Status == "IKKE_REGISTRERT")
        {
            return identifier;
        }
        var person = grains.GetPerson(identifier);
        await person.SetReservationAsync(request.Reserved == "JA");
        if (request.Language is not null)
            await person.SetLanguageAsync(Language.Parse(request.Language).Code);
        if (request.Email is not null)
        {
            var email = EmailAddress.Parse(request.Email);
            await person.SetContactAsync(ContactChannel.Email, new ContactValue(email.Value, email.Normalized));
        }
        if (request.Mobile is not null)
        {
            var mobile = MobileNumber.Parse(request.Mobile);
            await person.SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile.E164, mobile.E164));
        }
        if (request.Mailbox is { } mailbox)
            await person.SetDigitalMailboxAsync(new DigitalMailboxRecord(mailbox.Postkasseadresse, mailbox.Postkasseleverandoeradresse));
        if (request.Status == "SLETTET")
            await person.DeleteAsync();
        return identifier;
    }

    /// <summary>
    /// A synthetic identity for the birth date that neither Folkeregisteret nor KRR knows yet. A date has only about 400–500
    /// (one per valid individual number), so every individual number is tried, in random order: one is found while any is
    /// left, and a date that has none left says so instead of failing after some random tries.
    /// </summary>
    private async Task<string?> FreeIdentifierAsync(DateOnly birthDate)
    {
        var individualNumbers = Enumerable.Range(0, 1000).ToArray();
        Random.Shared.Shuffle(individualNumbers);
        foreach (var individualNumber in individualNumbers)
        {
            if (PersonIdentifier.TryCreate(birthDate, individualNumber, synthetic: true) is { } candidate
                && await grains.GetResident(candidate.Value).GetAsync() is null
                && await grains.GetPerson(candidate.Value).GetAsync() is null)
            {
                return candidate.Value;
            }
        }
        return null;
    }
}
