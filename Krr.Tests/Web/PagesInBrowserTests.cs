using System.Text.RegularExpressions;
using Krr.Api.MailboxProviders;
using Krr.Api.TestData;
using Krr.Grains.Delegation;
using Krr.Grains.Persons;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Krr.Tests.Web;

/// <summary>
/// The seed's screens walked in headless Chromium against the real embedded register: what a citizen, an
/// operator and an agency do on the pages, each step checked in the page and in the register, each page
/// screenshotted and checked by axe-core.
/// </summary>
public sealed class PagesInBrowserTests(BrowserDeployment deployment) : IClassFixture<BrowserDeployment>
{
    private const string Digipost = "984661185";

    [Fact]
    public async Task Changing_the_mobile_to_a_number_another_person_has_shows_the_duplicate_warning_beside_it()
    {
        var shared = Mobile();
        await deployment.Grains.GetPerson(TestIdentities.Next()).SetContactAsync(ContactChannel.Mobile, new ContactValue(shared, shared));
        var pid = TestIdentities.Next();
        var page = await CitizenAsync(pid);

        await page.GetByLabel("Mobilnummer").FillAsync(shared);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre mobilnummer" }).ClickAsync();

        await Expect(page.Locator("#mobil-duplikat")).ToHaveTextAsync("Dette mobilnummeret er registrert på andre");
        await Expect(page.GetByLabel("Mobilnummer")).ToHaveAttributeAsync("aria-describedby", "mobil-duplikat");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dine endringer er lagret");
        await BrowserDeployment.CheckAsync(page, "minprofil-duplikat");

        await page.GetByRole(AriaRole.Button, new() { Name = "Fjern mobilnummeret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret");
        await Expect(page.GetByLabel("Mobilnummer")).ToHaveValueAsync("");
        Assert.Null((await deployment.Grains.GetPerson(pid).GetAsync())?.Mobile);
    }

    [Fact]
    public async Task An_invalid_mobile_is_refused_with_the_error_tied_to_the_field_and_nothing_stored()
    {
        var pid = TestIdentities.Next();
        var page = await CitizenAsync(pid);

        await page.GetByLabel("Mobilnummer").FillAsync("+4700000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre mobilnummer" }).ClickAsync();

        var field = page.GetByLabel("Mobilnummer");
        await Expect(page.Locator("#mobil-feil")).ToHaveTextAsync("Mobilnummeret er ugyldig");
        await Expect(field).ToHaveAttributeAsync("aria-describedby", "mobil-feil");
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveValueAsync("+4700000000");
        Assert.Null(await deployment.Grains.GetPerson(pid).GetAsync());
        await BrowserDeployment.CheckAsync(page, "minprofil-ugyldig-mobil");
    }

    [Fact]
    public async Task A_code_sent_by_SMS_can_be_cancelled_resent_mistyped_and_entered()
    {
        var pid = TestIdentities.Next();
        var page = await CitizenAsync(pid);
        await page.GetByLabel("Mobilnummer").FillAsync(Mobile());
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre mobilnummer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("SMS med verifikasjonskode sendt");
        await Expect(page.GetByLabel("Kode fra SMS")).ToBeVisibleAsync();
        await BrowserDeployment.CheckAsync(page, "minprofil-kode");

        await page.GetByRole(AriaRole.Link, new() { Name = "Avbryt" }).ClickAsync();
        await Expect(page.GetByLabel("Kode fra SMS")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Mangler verifikasjon").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Send kode på SMS" }).ClickAsync();
        var code = await OutboxCodes.LatestAsync(deployment.Database, pid, "mobil");
        await page.GetByLabel("Kode fra SMS").FillAsync(code == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft kode" }).ClickAsync();
        await Expect(page.Locator("#kode-feil")).ToHaveTextAsync("Koden er feil");
        await Expect(page.GetByLabel("Kode fra SMS")).ToHaveAttributeAsync("aria-describedby", "kode-feil");
        await BrowserDeployment.CheckAsync(page, "minprofil-feil-kode");

        await page.GetByLabel("Kode fra SMS").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft kode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret");
        await Expect(page.GetByText("Mangler verifikasjon")).ToHaveCountAsync(0);
        var mobile = (await deployment.Grains.GetPerson(pid).GetAsync())!.Mobile!;
        Assert.True(mobile.LastValidated >= mobile.Updated);
    }

    [Fact]
    public async Task A_code_sent_by_e_mail_is_read_from_the_outbox_and_entered_and_validates_the_address()
    {
        var pid = TestIdentities.Next();
        var email = TestIdentities.Email();
        var page = await CitizenAsync(pid);
        await page.GetByLabel("E-postadresse").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre e-postadresse" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret. E-post med verifikasjonskode sendt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Avbryt" }).ClickAsync();
        await Expect(page.GetByText("Mangler verifikasjon")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Send kode på e-post" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("E-post med verifikasjonskode sendt");
        await BrowserDeployment.CheckAsync(page, "minprofil-epost-kode");
        await page.GetByLabel("Kode fra e-post").FillAsync(await OutboxCodes.LatestAsync(deployment.Database, pid, "epost"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft kode" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret");
        await Expect(page.GetByText("Mangler verifikasjon")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("E-postadresse")).ToHaveValueAsync(email);
        var stored = (await deployment.Grains.GetPerson(pid).GetAsync())!.Email!;
        Assert.Equal(email, stored.Value);
        Assert.True(stored.LastValidated >= stored.Updated);
    }

    [Fact]
    public async Task The_confirm_dialog_warns_of_shared_values_then_confirms_and_orders_a_Digipost_mailbox()
    {
        var pid = TestIdentities.Next();
        var email = TestIdentities.Email();
        await deployment.Grains.GetPerson(TestIdentities.Next()).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        var person = deployment.Grains.GetPerson(pid);
        await person.SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        var mobile = Mobile();
        await person.SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
        var page = await CitizenAsync(pid, "/bekreft");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Er kontaktopplysningene dine korrekte?");
        await Expect(page.GetByText("Denne e-postadressen er registrert på andre")).ToBeVisibleAsync();
        await Expect(page.GetByText("Mangler verifikasjon")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send kode på SMS" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Jeg ønsker å få post fra stat og kommune i digital postkasse" }).GetByLabel("Ja").CheckAsync();
        await BrowserDeployment.CheckAsync(page, "bekreft");

        // Ja without a provider is refused beside the provider choice, and nothing is confirmed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft og gå videre" }).ClickAsync();
        await Expect(page.Locator("#leverandoer-feil")).ToContainTextAsync("Velg Digipost");
        Assert.Null((await person.GetAsync())!.Mobile!.LastVerified);

        await page.GetByLabel("Digipost").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft og gå videre" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/minprofil$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret");
        await Expect(page.GetByText("Du har bedt om digital postkasse hos Digipost")).ToBeVisibleAsync();
        var record = (await person.GetAsync())!;
        Assert.NotNull(record.Mobile!.LastVerified);
        Assert.NotNull(record.Email!.LastVerified);
        var answer = await deployment.Services.GetRequiredService<MailboxOrders>().AnswerAsync(pid, CancellationToken.None);
        Assert.Equal((true, Digipost), (answer!.WantsMailbox, answer.ProviderOrg));
        await BrowserDeployment.CheckAsync(page, "minprofil-etter-bekreft");
    }

    [Fact]
    public async Task Reservation_language_lookups_and_deletion_are_on_MinProfil()
    {
        var pid = TestIdentities.Next();
        var email = TestIdentities.Email();
        await deployment.Grains.GetPerson(pid).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        await deployment.PersonsAsync("v2", [pid], "krr:global/kontaktinformasjon.read");
        var page = await CitizenAsync(pid);

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Hvem har slått meg opp" })).ToContainTextAsync("991825827");
        await page.GetByRole(AriaRole.Group, new() { Name = "Jeg reserverer meg mot digital kommunikasjon med det offentlige" }).GetByLabel("Ja").CheckAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Reservasjon mot digital kommunikasjon" }).GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret");
        Assert.True((await deployment.Grains.GetPerson(pid).GetAsync())!.Reserved);

        await page.GetByLabel("Språket det offentlige skal bruke når de kontakter deg").SelectOptionAsync("nn");
        await page.GetByRole(AriaRole.Region, new() { Name = "Språk" }).GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dine endringer er lagret");
        Assert.Equal("nn", (await deployment.Grains.GetPerson(pid).GetAsync())!.Language);

        await page.GetByRole(AriaRole.Button, new() { Name = "Slett registreringen" }).ClickAsync();
        await Expect(page.Locator("#slett-feil")).ToBeVisibleAsync();
        Assert.Equal(PersonStatus.Active, (await deployment.Grains.GetPerson(pid).GetAsync())!.Status);
        await page.GetByLabel("Jeg forstår at registreringen min slettes").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Slett registreringen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Registreringen din er slettet");
        Assert.Equal(PersonStatus.Deleted, (await deployment.Grains.GetPerson(pid).GetAsync())!.Status);
        await BrowserDeployment.CheckAsync(page, "minprofil-slettet");
    }

    [Fact]
    public async Task The_language_switch_changes_every_text_and_is_remembered_across_pages()
    {
        var page = await CitizenAsync(TestIdentities.Next());

        await page.GetByRole(AriaRole.Link, new() { Name = "Nynorsk" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nn");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Kontaktopplysningane dine");
        await BrowserDeployment.CheckAsync(page, "minprofil-nynorsk");
        await page.GotoAsync("/statistikk");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Månadlege nøkkeltal", Exact = false })).ToBeVisibleAsync();

        await page.GotoAsync("/minprofil");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your contact information");
        await page.GetByLabel("Mobile phone number").FillAsync("+4700000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mobile number" }).ClickAsync();
        await Expect(page.Locator("#mobil-feil")).ToHaveTextAsync("The mobile number is invalid");
        await BrowserDeployment.CheckAsync(page, "minprofil-english");
    }

    [Fact]
    public async Task Test_data_search_with_two_filters_counts_lists_and_downloads_the_whole_result_as_CSV()
    {
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var pid = TestIdentities.Next();
            var mobile = Mobile();
            await deployment.Grains.GetPerson(pid).SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
            await deployment.Grains.GetPerson(pid).SetReservationAsync(true);
            mine.Add(pid);
        }
        var page = await deployment.NewPageAsync();
        await page.GotoAsync("/testdata");
        await Expect(page).ToHaveURLAsync(new Regex("/logg-inn"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn som operatør" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Testdata");

        await page.GetByLabel("Har mobil").SelectOptionAsync("JA");
        await page.GetByLabel("Reservasjon").SelectOptionAsync("JA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Søk" }).ClickAsync();

        var expected = await CountAsync("SELECT count(*) FROM krr_population WHERE reserved AND mobile_confirmed IS NOT NULL");
        Assert.True(expected >= mine.Count);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "treff", Exact = false }))
            .ToHaveTextAsync(new Regex($"^{expected.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(",", "\\s")} treff$"));
        await Expect(page.GetByLabel("Har mobil")).ToHaveValueAsync("JA");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Varslingsstatus" })).ToBeVisibleAsync();
        await BrowserDeployment.CheckAsync(page, "testdata-sok");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Last ned søkedata (CSV)" }).ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).ToList();
        Assert.Equal(TestPersonRow.CsvHeader, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.Equal(("JA", "JA"), (r[4], r[5])));
        Assert.Subset(rows.Select(r => r[0]).ToHashSet(), mine.ToHashSet());
        Assert.Equal("testdata.csv", download.SuggestedFilename);
    }

    [Fact]
    public async Task The_statistics_page_draws_its_charts_with_tables_as_text_alternatives()
    {
        var page = await deployment.NewPageAsync();
        await page.GotoAsync("/statistikk");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Statistikk");
        await Expect(page.Locator("svg[role=img]")).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Innbyggere per aldersgruppe" })).ToBeVisibleAsync();
        var ages = page.GetByRole(AriaRole.Table, new() { Name = "Aldersfordeling" });
        await Expect(ages.GetByRole(AriaRole.Row)).ToHaveCountAsync(17);
        await Expect(ages).ToContainTextAsync("21-25 år");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Nøkkeltall per måned, siste tolv måneder" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(13);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Reserverte per fylke" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Kommunene med flest reserverte" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(6);
        await BrowserDeployment.CheckAsync(page, "statistikk");
    }

    [Fact]
    public async Task An_agency_grants_and_revokes_a_supplier_delegation_and_the_supplier_sees_it_received()
    {
        var orgs = AgencyServicesTests.ValidOrgs().Skip(40 + Random.Shared.Next(5000)).Take(2).ToArray();
        var (consumer, supplier) = (orgs[0], orgs[1]);
        var page = await AgencyAsync(consumer);

        await page.GetByLabel("Leverandørens organisasjonsnummer").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gi tilgang" }).ClickAsync();
        await Expect(page.Locator("#api-feil")).ToHaveTextAsync("Velg API-et du vil gi tilgang til");
        await Expect(page.Locator("#leverandoer-feil")).ToHaveTextAsync("Organisasjonsnummeret er ugyldig");
        await Expect(page.GetByLabel("Leverandørens organisasjonsnummer")).ToHaveAttributeAsync("aria-describedby", "leverandoer-feil");
        await BrowserDeployment.CheckAsync(page, "delegering-feil");

        await page.GetByLabel("KRR - Delegere på-vegne-av-rettighet").CheckAsync();
        await page.GetByLabel("Leverandørens organisasjonsnummer").FillAsync(supplier);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gi tilgang" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tilgangen er gitt");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Tilganger dere har gitt" })).ToContainTextAsync(supplier);
        Assert.Equal(2, (await deployment.Grains.GetDelegationsGiven(consumer).GrantedScopesAsync(supplier)).Count);
        await BrowserDeployment.CheckAsync(page, "delegering-gitt");

        var supplierPage = await AgencyAsync(supplier);
        await Expect(supplierPage.GetByRole(AriaRole.Table, new() { Name = "Tilganger dere har mottatt" })).ToContainTextAsync(consumer);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Trekk tilbake tilgangen for {supplier}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tilgangen er trukket tilbake");
        Assert.Empty(await deployment.Grains.GetDelegationsGiven(consumer).GrantedScopesAsync(supplier));
    }

    [Fact]
    public async Task The_development_sign_in_is_marked_and_its_cookie_opens_no_API_endpoint()
    {
        var page = await deployment.NewPageAsync();
        await page.GotoAsync("/minprofil");
        await Expect(page).ToHaveURLAsync(new Regex("/logg-inn\\?ReturnUrl=%2Fminprofil$"));
        await Expect(page.GetByText("Kun for utvikling")).ToBeVisibleAsync();
        await Expect(page.GetByText("Development only")).ToBeVisibleAsync();
        await page.GetByLabel("Fødselsnummer (11 siffer)").FillAsync("12345678901");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn som innbygger" }).ClickAsync();
        await Expect(page.Locator("#pid-error")).ToHaveTextAsync("Fødselsnummeret er ugyldig");
        await BrowserDeployment.CheckAsync(page, "logg-inn");

        await page.GetByRole(AriaRole.Button, new() { Name = "17912099997", Exact = false }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/minprofil$"));
        await Expect(page.GetByLabel("Mobilnummer")).ToHaveValueAsync("+4798765432");
        var api = await page.APIRequest.GetAsync("/api/minprofil");
        Assert.Equal(401, api.Status);
        // A form post with the cookie but without the page's antiforgery token changes nothing.
        var forged = await page.APIRequest.PostAsync("/minprofil?handler=Mobile", new() { Form = page.APIRequest.CreateFormData().Set("mobiltelefonnummer", "+4741234567") });
        Assert.Equal(400, forged.Status);
        Assert.Equal("+4798765432", (await deployment.Grains.GetPerson("17912099997").GetAsync())!.Mobile!.Value);

        // Keyboard: the first Tab reaches the skip link, which moves on to the main content.
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hopp til hovedinnhold" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await BrowserDeployment.CheckAsync(page, "hjem");
    }

    private static int _mobiles;

    /// <summary>A mobile number of a series the demo population (+479…) does not use, so only the test's own sharing shows.</summary>
    private static string Mobile() => $"+4748{Interlocked.Increment(ref _mobiles):D6}";

    private async Task<IPage> CitizenAsync(string pid, string start = "/minprofil")
    {
        var page = await deployment.NewPageAsync();
        await page.GotoAsync($"/logg-inn?ReturnUrl={Uri.EscapeDataString(start)}");
        await page.GetByLabel("Fødselsnummer (11 siffer)").FillAsync(pid);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn som innbygger" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(start) + "$"));
        return page;
    }

    private async Task<IPage> AgencyAsync(string org)
    {
        var page = await deployment.NewPageAsync();
        await page.GotoAsync("/logg-inn?ReturnUrl=%2Fdelegering");
        await page.GetByLabel("Organisasjonsnummer (9 siffer)").FillAsync(org);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn som virksomhet" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/delegering$"));
        return page;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = deployment.Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
