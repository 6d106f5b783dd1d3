using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Population;

/// <summary>Folkeregisteret events through the operator's ingestion endpoint, with their consequences in KRR and the read model.</summary>
public sealed class FolkeregisterTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private static long _sequence;

    private static long Next() => Interlocked.Increment(ref _sequence);

    [Fact]
    public async Task Birth_makes_a_resident_who_stays_IKKE_REGISTRERT_in_lookups_and_counts_in_the_read_model()
    {
        var id = TestIdentities.Next();
        var result = await IngestAsync(new { sekvensnummer = Next(), hendelse = "FOEDSEL", personidentifikator = id, kommunenummer = "0301" });

        Assert.Equal(1, (int)result["anvendt"]!);
        var resident = await deployment.Grains.GetResident(id).GetAsync();
        Assert.Equal(ResidentStatus.Resident, resident!.Status);
        Assert.Equal("0301", resident.Municipality);
        Assert.Equal(Grains.Domain.PersonIdentifier.Parse(id).BirthDate, resident.BirthDate);
        var person = (await deployment.PersonsAsync("v2", [id], "krr:global/kontaktinformasjon.read"))[0]!;
        Assert.Equal("IKKE_REGISTRERT", (string?)person["status"]);
        Assert.Equal(("0301", (short)0, (short?)null), await ReadModelAsync(id));
    }

    [Fact]
    public async Task Immigration_move_and_emigration_update_the_resident_and_leave_KRR_alone()
    {
        var id = TestIdentities.Next();
        await deployment.Grains.GetPerson(id).SetReservationAsync(true);
        await IngestAsync(
            new { sekvensnummer = Next(), hendelse = "INNFLYTTING", personidentifikator = id, kommunenummer = "4601" },
            new { sekvensnummer = Next(), hendelse = "FLYTTING", personidentifikator = id, kommunenummer = "5001" });
        Assert.Equal(("5001", (short)0, (short?)0), await ReadModelAsync(id));

        await IngestAsync(new { sekvensnummer = Next(), hendelse = "UTFLYTTING", personidentifikator = id });

        Assert.Equal(ResidentStatus.Emigrated, (await deployment.Grains.GetResident(id).GetAsync())!.Status);
        Assert.Equal(("5001", (short)1, (short?)0), await ReadModelAsync(id));
        Assert.True((await deployment.Grains.GetPerson(id).GetAsync())!.Reserved);
    }

    [Fact]
    public async Task Death_deletes_the_registration_and_clears_the_co_owners_duplicate_flag()
    {
        var (dead, coOwner, email) = (TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Email());
        await deployment.Grains.GetPerson(dead).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        await deployment.Grains.GetPerson(coOwner).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        Assert.True((await deployment.Grains.GetPerson(coOwner).GetAsync())!.Email!.Duplicated);

        await IngestAsync(new { sekvensnummer = Next(), hendelse = "DOEDSFALL", personidentifikator = dead });

        var record = await deployment.Grains.GetPerson(dead).GetAsync();
        Assert.Equal(PersonStatus.Deleted, record!.Status);
        Assert.Null(record.Email);
        Assert.False((await deployment.Grains.GetPerson(coOwner).GetAsync())!.Email!.Duplicated);
        Assert.Equal(ResidentStatus.Dead, (await deployment.Grains.GetResident(dead).GetAsync())!.Status);
        var persons = await deployment.PersonsAsync("v2", [dead], "krr:global/kontaktinformasjon.read");
        Assert.Equal("SLETTET", (string?)persons[0]!["status"]);
    }

    [Fact]
    public async Task Identifier_change_moves_everything_with_the_mailbox_and_keeps_co_owners_flags_right()
    {
        var (old, replacement, coOwner, email) = (TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Email());
        var mobile = TestIdentities.Mobile();
        var grains = deployment.Grains;
        await grains.GetPerson(old).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        await grains.GetPerson(old).SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
        await grains.GetPerson(old).SetDigitalMailboxAsync(new DigitalMailboxRecord("ola#digipost", "984661185"));
        await grains.GetPerson(old).SetLanguageAsync("nn");
        await grains.GetPerson(coOwner).SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
        await IngestAsync(new { sekvensnummer = Next(), hendelse = "FOEDSEL", personidentifikator = old, kommunenummer = "1103" });

        await IngestAsync(new { sekvensnummer = Next(), hendelse = "IDENTIFIKATORENDRING", personidentifikator = old, ny_personidentifikator = replacement });

        var moved = await grains.GetPerson(replacement).GetAsync();
        Assert.Equal(PersonStatus.Active, moved!.Status);
        Assert.Equal(replacement, moved.Identifier);
        Assert.Equal(new DigitalMailboxRecord("ola#digipost", "984661185"), moved.Mailbox);
        Assert.Equal((email, false), (moved.Email!.Normalized, moved.Email.Duplicated));
        Assert.Equal((mobile, true), (moved.Mobile!.Normalized, moved.Mobile.Duplicated));
        Assert.Equal("nn", moved.Language);
        var gone = await grains.GetPerson(old).GetAsync();
        Assert.Equal((PersonStatus.Deleted, null, null), (gone!.Status, gone.Email, gone.Mailbox));
        Assert.True((await grains.GetPerson(coOwner).GetAsync())!.Mobile!.Duplicated);
        Assert.Equal((ResidentStatus.Replaced, replacement), ((await grains.GetResident(old).GetAsync())!.Status, (await grains.GetResident(old).GetAsync())!.ReplacedBy));
        Assert.Equal(("1103", (short)0, (short?)0), await ReadModelAsync(replacement));
        Assert.Equal(("1103", (short)3, (short?)1), await ReadModelAsync(old));

        var lookedUp = await deployment.PersonsAsync("v2", [replacement], "krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read");
        Assert.Equal("ola#digipost", (string?)lookedUp[0]!["digital_post"]!["postkasseadresse"]);
    }

    [Fact]
    public async Task A_replayed_batch_changes_nothing()
    {
        var (id, other) = (TestIdentities.Next(), TestIdentities.Next());
        var email = TestIdentities.Email();
        await deployment.Grains.GetPerson(id).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        object[] batch =
        [
            new { sekvensnummer = Next(), hendelse = "FOEDSEL", personidentifikator = id, kommunenummer = "0301" },
            new { sekvensnummer = Next(), hendelse = "FLYTTING", personidentifikator = id, kommunenummer = "3201" },
            new { sekvensnummer = Next(), hendelse = "IDENTIFIKATORENDRING", personidentifikator = id, ny_personidentifikator = other },
            new { sekvensnummer = Next(), hendelse = "FLYTTING", personidentifikator = other, kommunenummer = "4204" },
        ];
        var first = await IngestAsync(batch);
        var residents = (await deployment.Grains.GetResident(id).GetAsync(), await deployment.Grains.GetResident(other).GetAsync());
        var persons = (await deployment.Grains.GetPerson(id).GetAsync(), await deployment.Grains.GetPerson(other).GetAsync());

        var second = await IngestAsync(batch);

        Assert.Equal((4, 0), ((int)first["anvendt"]!, (int)first["allerede_anvendt"]!));
        Assert.Equal((0, 4), ((int)second["anvendt"]!, (int)second["allerede_anvendt"]!));
        Assert.Equal(residents, (await deployment.Grains.GetResident(id).GetAsync(), await deployment.Grains.GetResident(other).GetAsync()));
        Assert.Equal(persons, (await deployment.Grains.GetPerson(id).GetAsync(), await deployment.Grains.GetPerson(other).GetAsync()));
        Assert.Equal("4204", residents.Item2!.Municipality);
    }

    [Fact]
    public async Task An_invalid_event_rejects_the_whole_batch_and_says_what_is_wrong()
    {
        var id = TestIdentities.Next();
        using var response = await PostAsync(deployment.Tokens.Agency("991825827", "krr:operator/admin"),
            new { sekvensnummer = Next(), hendelse = "FOEDSEL", personidentifikator = id, kommunenummer = "0301" },
            new { sekvensnummer = Next(), hendelse = "FLYTTING", personidentifikator = id, kommunenummer = "9901" },
            new { sekvensnummer = Next(), hendelse = "BRYLLUP", personidentifikator = id });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]!.AsArray();
        Assert.Equal(["kommunenummer.county", "hendelse.invalid"], errors.Select(e => (string)e!["code"]!));
        Assert.Null(await deployment.Grains.GetResident(id).GetAsync());
    }

    [Fact]
    public async Task Ingestion_needs_the_operator_scope()
    {
        using var response = await PostAsync(deployment.Tokens.Agency("991825827", "krr:global/kontaktinformasjon.read"),
            new { sekvensnummer = Next(), hendelse = "DOEDSFALL", personidentifikator = TestIdentities.Next() });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_replayed_file_applies_nothing_the_second_time()
    {
        var (id, other) = (TestIdentities.Next(), TestIdentities.Next());
        var file = string.Join('\n',
            $$"""{"sekvensnummer":{{Next()}},"hendelse":"INNFLYTTING","personidentifikator":"{{id}}","kommunenummer":"1507"}""",
            $$"""{"sekvensnummer":{{Next()}},"hendelse":"FOEDSEL","personidentifikator":"{{other}}","kommunenummer":"1507"}""",
            $$"""{"sekvensnummer":{{Next()}},"hendelse":"DOEDSFALL","personidentifikator":"{{other}}"}""");
        var progress = new List<IngestionResult>();

        var (events, errors) = await FolkeregisterJsonLines.ReadAsync(new StringReader(file));
        var first = await FolkeregisterIngestion.ApplyAsync(deployment.Grains, events, progress.Add, progressEvery: 2);
        var second = await FolkeregisterIngestion.ApplyAsync(deployment.Grains, events);

        Assert.Empty(errors);
        Assert.Equal((new IngestionResult(3, 0), new IngestionResult(0, 3)), (first, second));
        Assert.Equal([new IngestionResult(2, 0), new IngestionResult(3, 0)], progress);
        Assert.Equal(ResidentStatus.Dead, (await deployment.Grains.GetResident(other).GetAsync())!.Status);
    }

    [Fact]
    public async Task The_rebuild_recomputes_a_lost_or_wrong_read_model_row_from_grain_state()
    {
        var id = TestIdentities.Next();
        await IngestAsync(new { sekvensnummer = Next(), hendelse = "FOEDSEL", personidentifikator = id, kommunenummer = "1804" });
        await deployment.Grains.GetPerson(id).SetLanguageAsync("en");
        await using (var damage = deployment.Database.CreateCommand("UPDATE krr_population SET municipality = '0301', krr_status = NULL WHERE identifier = $1"))
        {
            damage.Parameters.AddWithValue(id);
            await damage.ExecuteNonQueryAsync();
        }

        await using (var rebuild = deployment.Database.CreateCommand("SELECT krr_population_rebuild()"))
        {
            await rebuild.ExecuteScalarAsync();
        }

        Assert.Equal(("1804", (short)0, (short?)0), await ReadModelAsync(id));
    }

    private async Task<JsonObject> IngestAsync(params object[] events) =>
        (await deployment.OperatorAsync(HttpMethod.Post, "/folkeregister/hendelser", new { hendelser = events })).AsObject();

    private Task<HttpResponseMessage> PostAsync(string token, params object[] events) =>
        deployment.SendAsync(HttpMethod.Post, "/folkeregister/hendelser", token, new { hendelser = events });

    private async Task<(string? Municipality, short? ResidentStatus, short? KrrStatus)> ReadModelAsync(string identifier)
    {
        await using var command = deployment.Database.CreateCommand(
            "SELECT municipality, resident_status, krr_status FROM krr_population WHERE identifier = $1");
        command.Parameters.AddWithValue(identifier);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no read-model row");
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt16(1), reader.IsDBNull(2) ? null : reader.GetInt16(2));
    }
}
