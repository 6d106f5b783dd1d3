using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Api.Statistics;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Grains.Statistics;
using Krr.Hosting.Population;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Krr.Tests.Statistics;

/// <summary>
/// Statistics over a bulk-loaded generated population, checked against answers computed from the generated records;
/// and the bulk path checked against what the grains themselves store and read.
/// </summary>
public sealed class StatisticsTests(GeneratedRegister register) : IClassFixture<GeneratedRegister>
{
    [Fact]
    public async Task The_age_table_counts_residents_mailboxes_and_reservations_per_group()
    {
        var rows = (await register.Http.GetFromJsonAsync<JsonArray>("/statistikk/alder"))!;

        var residents = register.Population.Select(p => (Group: AgeGroup.Of(AgeGroup.AgeOn(p.Resident.BirthDate, register.Today)), p.Person)).ToList();
        Assert.Equal(AgeGroup.All.Select(g => g.Label), rows.Select(r => (string)r!["aldersgruppe"]!));
        foreach (var row in rows)
        {
            var members = residents.Where(r => r.Group?.Label == (string)row!["aldersgruppe"]!).ToList();
            Assert.Equal(members.Count, (long)row!["innbyggere"]!);
            Assert.Equal(Share.Percent(members.Count(m => m.Person?.Mailbox is not null), members.Count), (decimal)row["andel_postkasse_prosent"]!);
            Assert.Equal(Share.Percent(members.Count(m => m.Person?.Reserved == true), members.Count), (decimal)row["andel_reservert_prosent"]!);
        }
        // The table scaled by 1/1000: 398 323 residents aged 15-20 become 398, 36 258 over 90 become 36.
        Assert.Equal((398L, 36L), ((long)rows[0]!["innbyggere"]!, (long)rows[15]!["innbyggere"]!));

        var csv = await register.Http.GetStringAsync("/statistikk/alder.csv");
        Assert.StartsWith("aldersgruppe,innbyggere,andel_postkasser_prosent,andel_reservert_prosent\n15-20,398,", csv);
    }

    [Fact]
    public async Task Reserved_per_county_and_municipality_with_the_five_most_and_fewest()
    {
        var area = (await register.Http.GetFromJsonAsync<JsonObject>("/statistikk/reservasjoner"))!;

        var expected = register.Population.GroupBy(p => p.Resident.Municipality!)
            .ToDictionary(g => g.Key, g => (Residents: (long)g.Count(), Reserved: (long)g.Count(p => p.Person?.Reserved == true)));
        var municipalities = area["kommuner"]!.AsArray();
        Assert.Equal(expected.Count, municipalities.Count);
        Assert.All(municipalities, m => Assert.Equal(expected[(string)m!["nummer"]!], ((long)m["innbyggere"]!, (long)m["reserverte"]!)));
        Assert.Equal("Oslo", (string?)municipalities.Single(m => (string)m!["nummer"]! == "0301")!["navn"]);
        var oslo = area["fylker"]!.AsArray().Single(c => (string)c!["nummer"]! == "03")!;
        Assert.Equal(expected["0301"].Reserved, (long)oslo["reserverte"]!);
        var ranked = expected.OrderByDescending(e => e.Value.Reserved).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key).ToList();
        Assert.Equal(ranked.Take(5), area["flest_reserverte"]!.AsArray().Select(m => (string)m!["nummer"]!));
        Assert.Equal(expected.OrderBy(e => e.Value.Reserved).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key).Take(5),
            area["faerrest_reserverte"]!.AsArray().Select(m => (string)m!["nummer"]!));

        var csv = await register.Http.GetStringAsync("/statistikk/reservasjoner.csv");
        Assert.Contains($"\nkommune,0301,Oslo,{expected["0301"].Residents},{expected["0301"].Reserved},", csv);
    }

    [Fact]
    public async Task Key_figures_count_registered_customers_lookups_and_the_measured_uptime()
    {
        var someone = register.Population.First(p => p.Person is not null).Resident.Identifier;
        await register.PersonsAsync("v1", [someone, TestIdentities.Next()], "krr:global/kontaktinformasjon.read");
        await register.PersonsAsync("v1", [someone], "krr:global/kontaktinformasjon.read");
        using (var other = await register.LookupAsync("v1", register.Tokens.Agency("974760673", "krr:global/kontaktinformasjon.read"), new { personidentifikatorer = new[] { someone } }))
        {
            other.EnsureSuccessStatusCode();
        }
        var month = register.Clock.GetUtcNow().ToString("yyyy-MM");

        // The access log is written in the background: wait for the three lookups to land.
        JsonObject figures;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            figures = (await register.Http.GetFromJsonAsync<JsonObject>($"/statistikk/nokkeltall?maaned={month}"))!;
        }
        while ((long)figures["oppslag"]! < 4 && DateTime.UtcNow < deadline && await Task.Delay(200).ContinueWith(_ => true));

        Assert.Equal(month, (string?)figures["maaned"]);
        Assert.Equal(register.Population.Count(p => p.Person is not null), (long)figures["registrerte"]!);
        Assert.Equal(2, (long)figures["kunder"]!);
        Assert.Equal(4, (long)figures["oppslag"]!);
        Assert.Equal(100m, (decimal?)figures["oppetid_prosent"]);
        // The statistics page's twelve months come from one grouped query: the same figures for this month, none before the first heartbeat.
        var history = await register.Services.GetRequiredService<StatisticsQueries>()
            .HistoryAsync(DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 3, CancellationToken.None);
        Assert.Equal([month, register.Clock.GetUtcNow().AddMonths(-1).ToString("yyyy-MM"), register.Clock.GetUtcNow().AddMonths(-2).ToString("yyyy-MM")], history.Select(m => m.Month).Reverse());
        Assert.Equal((2L, 4L, (decimal?)100m), (history[^1].Customers, history[^1].Lookups, history[^1].UptimePercent));
        Assert.All(history.Take(2), m => Assert.Equal((0L, (decimal?)null), (m.Lookups, m.UptimePercent)));
        using var invalid = await register.Http.GetAsync("/statistikk/nokkeltall?maaned=november");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Bulk_loaded_state_is_what_the_grains_read_and_their_bookkeeping_continues_from_it()
    {
        var shared = register.Population.Select(p => p.Person).OfType<PersonRecord>().Where(p => p.Email?.Duplicated == true)
            .GroupBy(p => p.Email!.Normalized).First(g => g.Count() == 2).ToList();
        var resident = register.Population[0].Resident;

        Assert.Equal(resident, await register.Grains.GetResident(resident.Identifier).GetAsync());
        Assert.Equal(shared[0], await register.Grains.GetPerson(shared[0].Identifier).GetAsync());

        var fresh = TestIdentities.Email();
        await register.Grains.GetPerson(shared[0].Identifier).SetContactAsync(ContactChannel.Email, new ContactValue(fresh, fresh));
        Assert.False((await register.Grains.GetPerson(shared[1].Identifier).GetAsync())!.Email!.Duplicated);
    }

    [Fact]
    public async Task Bulk_key_columns_are_the_ones_the_storage_provider_writes()
    {
        var id = TestIdentities.Next();
        await register.Grains.GetPerson(id).SetReservationAsync(true);
        await using var command = register.Database.CreateCommand(
            "SELECT grain_n0, grain_n1, grain_ext, grain_hash, state_hash FROM krr_grain_state WHERE state_name = 'person' AND grain_ext = $1");
        command.Parameters.AddWithValue(PersonKey.For(id));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(GrainStateKey.ForStringKey(PersonKey.For(id), "person"),
            new GrainStateKey(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)));
    }

    [Fact]
    public async Task Rebuilding_the_read_model_from_grain_state_gives_what_the_bulk_load_wrote()
    {
        const string Dump = "SELECT string_agg(p::text, E'\\n' ORDER BY identifier) FROM krr_population p WHERE identifier = ANY($1)";
        var identifiers = register.Population.Select(p => p.Resident.Identifier).ToArray();
        var before = await ScalarAsync(Dump, identifiers);

        await ScalarAsync("SELECT krr_population_rebuild()::text", identifiers);

        Assert.Equal(before, await ScalarAsync(Dump, identifiers));
    }

    private async Task<string?> ScalarAsync(string sql, string[] identifiers)
    {
        await using var command = register.Database.CreateCommand(sql);
        if (sql.Contains("$1"))
        {
            command.Parameters.AddWithValue(identifiers);
        }
        return (string?)await command.ExecuteScalarAsync();
    }
}
