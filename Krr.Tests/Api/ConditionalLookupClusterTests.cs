using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Api.Auth;
using Krr.Grains.Domain;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Krr.Tests.Web;

namespace Krr.Tests.Api;

/// <summary>
/// The cluster shape's conditional lookups: each of two <c>Krr.Api</c> processes keeps the records it received and
/// sends their versions, and the silos send only what changed. Whichever process looks up next, after whichever write,
/// co-owner's flag, deactivation or move to another activation, it answers what the grain holds at that moment.
/// </summary>
public sealed class ConditionalLookupClusterTests(TwoApiClusterDeployment deployment) : IClassFixture<TwoApiClusterDeployment>
{
    [Fact]
    public async Task The_next_lookup_through_either_API_process_sees_every_write_and_flag()
    {
        var (writer, coOwner) = (TestIdentities.Next(), TestIdentities.Next());
        string[] both = [writer, coOwner];
        for (var round = 0; round < 4; round++)
        {
            var mobile = MobileNumber.Parse(TestIdentities.Mobile()).E164;
            // Both processes hold the previous round's records (and looked them up twice, so they answer from them).
            foreach (var api in deployment.Apis.Concat(deployment.Apis))
            {
                await LookupAsync(api, both);
            }
            await deployment.Grains.GetPerson(writer).SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
            foreach (var api in round % 2 == 0 ? deployment.Apis : deployment.Apis.Reverse())
            {
                var persons = await LookupAsync(api, both);
                Assert.Equal(mobile, (string?)persons[0]!["kontaktinformasjon"]!["mobiltelefonnummer"]);
                Assert.Equal("NEI", (string?)persons[0]!["kontaktinformasjon"]!["mobiltelefonnummer_duplisert"]);
            }

            // Only the co-owner writes; the writer's flag, stored by the writer's own grain, shows through both processes.
            await deployment.Grains.GetPerson(coOwner).SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
            foreach (var api in deployment.Apis)
            {
                var persons = await LookupAsync(api, both);
                Assert.All(persons, p => Assert.Equal("JA", (string?)p!["kontaktinformasjon"]!["mobiltelefonnummer_duplisert"]));
            }

            if (round == 1)
            {
                // New activations (on either silo) publish anew: the processes' versions name nothing current any more.
                await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                foreach (var api in deployment.Apis)
                {
                    Assert.Equal(mobile, (string?)(await LookupAsync(api, both))[1]!["kontaktinformasjon"]!["mobiltelefonnummer"]);
                }
            }
        }
    }

    [Fact]
    public async Task A_deletion_and_a_new_registration_after_it_are_seen_by_both_processes()
    {
        var identifier = TestIdentities.Next();
        var email = TestIdentities.Email();
        await deployment.Grains.GetPerson(identifier).SetContactAsync(ContactChannel.Email, new ContactValue(email, EmailAddress.Parse(email).Normalized));
        foreach (var api in deployment.Apis)
        {
            Assert.Equal("AKTIV", (string?)Assert.Single(await LookupAsync(api, [identifier]))!["status"]);
        }

        await deployment.Grains.GetPerson(identifier).DeleteAsync();
        foreach (var api in deployment.Apis)
        {
            Assert.Equal("SLETTET", (string?)Assert.Single(await LookupAsync(api, [identifier]))!["status"]);
        }

        await deployment.Grains.GetPerson(identifier).SetReservationAsync(true);
        foreach (var api in deployment.Apis)
        {
            var person = Assert.Single(await LookupAsync(api, [identifier]))!;
            Assert.Equal("AKTIV", (string?)person["status"]);
            Assert.Equal("JA", (string?)person["reservasjon"]);
        }
    }

    [Fact]
    public async Task A_replaced_certificate_is_seen_by_the_next_lookup_through_both_processes()
    {
        var provider = $"9{Random.Shared.Next(10_000_000, 100_000_000)}";
        var persons = Enumerable.Range(0, 6).Select(_ => TestIdentities.Next()).ToArray();
        foreach (var person in persons)
        {
            await deployment.Grains.GetPerson(person).SetDigitalMailboxAsync(new DigitalMailboxRecord($"{person}#digipost", provider));
        }
        for (var round = 0; round < 3; round++)
        {
            var certificate = Convert.ToBase64String(BitConverter.GetBytes(round));
            await deployment.Grains.GetMailboxProvider(provider).SetCertificateAsync(certificate);
            // Twice through each, so the second lookup answers unchanged persons from the records the process holds.
            foreach (var api in deployment.Apis.Concat(deployment.Apis))
            {
                Assert.All(await LookupAsync(api, persons, KrrScopes.MailboxRead), p => Assert.Equal(certificate, (string?)p!["sertifikat"]));
            }
            if (round == 1)
            {
                await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            }
        }
    }

    private async Task<JsonArray> LookupAsync(HttpClient api, string[] identifiers, string scope = KrrScopes.ContactRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rest/v2/personer") { Content = JsonContent.Create(new { personidentifikatorer = identifiers }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deployment.Tokens.Agency("991825827", scope));
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["personer"]!.AsArray();
    }
}
