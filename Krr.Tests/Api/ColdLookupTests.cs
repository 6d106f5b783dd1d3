using System.Collections.Immutable;
using Krr.Api.Auth;
using Krr.Grains;
using Krr.Grains.Domain;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Krr.Tests.Api;

/// <summary>
/// A person not active on the silo is answered from its stored state without an activation the first time, and
/// activated when looked up again: both answers, and the one from the directory after, are the same bytes for every
/// view, time rule and flag (docs/architecture.md, "Cold lookups without activation").
/// </summary>
public sealed class ColdLookupTests(ColdLookupTests.Deployment deployment) : IClassFixture<ColdLookupTests.Deployment>
{
    public sealed class Deployment : BackToBackLookupsDeployment;

    private ActivePersons Active => deployment.Services.GetRequiredService<ActivePersons>();

    public static TheoryData<string, string[]> Views => new()
    {
        { "v1", [KrrScopes.ContactRead] },
        { "v2", [KrrScopes.ContactRead] },
        { "v2", [KrrScopes.MailboxRead] },
        { "v2", [KrrScopes.ContactRead, KrrScopes.MailboxRead] },
        { "v1", [KrrScopes.ContactRead, KrrScopes.MailboxRead] },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task A_cold_answer_without_activation_is_byte_identical_to_the_activated_and_the_directorys(string version, string[] scopes)
    {
        var persons = await SeedKindsAsync();
        await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.All(persons, p => Assert.False(Active.TryGet(p, out _)));

        var cold = await LookupTextAsync(version, persons, scopes);
        // Answered without an activation of anyone.
        Assert.All(persons, p => Assert.False(Active.TryGet(p, out _)));
        var activated = await LookupTextAsync(version, persons, scopes);
        // Looked up again within the collection age: each is activated, and answered from the directory next.
        Assert.All(persons, p => Assert.True(Active.TryGet(p, out _)));
        var fromDirectory = await LookupTextAsync(version, persons, scopes);

        Assert.Equal(activated, cold);
        Assert.Equal(fromDirectory, cold);
        if (scopes.Contains(KrrScopes.ContactRead))
        {
            // The kinds are what they claim: the flag, both sides of the 18-month rule, deleted and never registered.
            Assert.True(version == "v1" || cold.Contains("\"epostadresse_duplisert\":\"JA\"", StringComparison.Ordinal), "no duplicate flag (v2 has them)");
            Assert.Contains("KAN_IKKE_VARSLES", cold, StringComparison.Ordinal);
            Assert.Contains("\"KAN_VARSLES\"", cold, StringComparison.Ordinal);
            Assert.Contains("SLETTET", cold, StringComparison.Ordinal);
            Assert.Contains("IKKE_REGISTRERT", cold, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_lookup_grain_answers_a_cold_person_with_the_record_an_activation_publishes()
    {
        var persons = await SeedKindsAsync();
        await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var lookup = deployment.Grains.GetGrain<ILookupGrain>(0);
        var cold = (await lookup.LookupAsync([.. persons], [], false)).Records;
        Assert.All(persons, p => Assert.False(Active.TryGet(p, out _)));

        // A version of its own, so even a caller holding some version takes the record as sent.
        var again = (await lookup.LookupAsync([.. persons], [.. cold.Select(a => a!.Version)], false)).Records;
        for (var i = 0; i < persons.Length; i++)
        {
            Assert.True(Active.TryGet(persons[i], out var entry));
            Assert.Equal(entry.Record, cold[i]!.Record);
            Assert.Equal(entry.Record, again[i]!.Record);
            Assert.Equal(await deployment.Grains.GetPerson(persons[i]).GetAsync(), cold[i]!.Record);
            Assert.NotEqual(cold[i]!.Version, again[i]!.Version);
        }
    }

    [Fact]
    public async Task A_person_with_a_change_left_unsettled_is_activated_by_its_first_lookup_and_settled()
    {
        var identifier = TestIdentities.Next();
        var email = TestIdentities.Email();
        var normalized = EmailAddress.Parse(email).Normalized;
        var storage = deployment.Services.GetRequiredKeyedService<IGrainStorage>(KrrStorage.Name);
        var id = deployment.Grains.GetPerson(identifier).GetGrainId();
        // What a silo dying after the claim leaves: the record without the value, the value unsettled.
        var record = new PersonRecord { Identifier = identifier, Updated = deployment.Clock.GetUtcNow() };
        await storage.WriteStateAsync(PersonState.StateName, id,
            new GrainState<PersonState>(new PersonState { Record = record, Unsettled = [new UnsettledContact(ContactChannel.Email, normalized)] }));
        Assert.False(Active.TryGet(identifier, out _));

        var answer = Assert.Single(await deployment.PersonsAsync("v2", [identifier], KrrScopes.ContactRead))!;
        Assert.Equal("AKTIV", (string?)answer["status"]);
        Assert.True(Active.TryGet(identifier, out _));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var stored = new GrainState<PersonState>();
            await storage.ReadStateAsync(PersonState.StateName, id, stored);
            if (stored.State!.Unsettled.IsEmpty)
            {
                break;
            }
            await Task.Delay(100, bound.Token);
        }
    }

    /// <summary>
    /// Fresh persons of every kind a lookup tells apart: reserved with a mailbox and a language, an e-mail shared with a
    /// co-owner (both flagged), channels past 18 months, deleted, and one never registered.
    /// </summary>
    private async Task<string[]> SeedKindsAsync()
    {
        var (reserved, owner, coOwner, aging, deleted, unknown) =
            (TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next());
        var grains = deployment.Grains;
        var now = deployment.Clock.GetUtcNow();
        await grains.GetPerson(reserved).SetReservationAsync(true);
        await grains.GetPerson(reserved).SetDigitalMailboxAsync(new DigitalMailboxRecord("kald#digipost", "984661185"));
        await grains.GetPerson(reserved).SetLanguageAsync("nn");
        var shared = TestIdentities.Email();
        var value = new ContactValue(shared, EmailAddress.Parse(shared).Normalized);
        await grains.GetPerson(owner).SetContactAsync(ContactChannel.Email, value);
        await grains.GetPerson(coOwner).SetContactAsync(ContactChannel.Email, value);
        var mobile = MobileNumber.Parse(TestIdentities.Mobile()).E164;
        var email = TestIdentities.Email();
        await grains.GetPerson(aging).SeedAsync(new PersonRecord
        {
            Identifier = aging,
            Mobile = new ContactChannelRecord { Value = mobile, Normalized = mobile, Updated = now.AddMonths(-19) },
            Email = new ContactChannelRecord { Value = email, Normalized = EmailAddress.Parse(email).Normalized, Updated = now.AddMonths(-19) },
            Updated = now.AddMonths(-19),
        });
        var gone = TestIdentities.Email();
        await grains.GetPerson(deleted).SetContactAsync(ContactChannel.Email, new ContactValue(gone, EmailAddress.Parse(gone).Normalized));
        await grains.GetPerson(deleted).DeleteAsync();
        return [reserved, owner, coOwner, aging, deleted, unknown];
    }

    private async Task<string> LookupTextAsync(string version, string[] identifiers, string[] scopes)
    {
        using var response = await deployment.LookupAsync(version, deployment.Tokens.Agency("991825827", scopes), new { personidentifikatorer = identifiers });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return text;
    }
}
