using Krr.Api.Wire;
using Krr.Grains.Domain;

namespace Krr.Api.Web;

/// <summary>
/// Every text of the web pages in bokmål, nynorsk and English, in one catalogue; validation and warning texts
/// come from <see cref="Texts"/>, the same ones the API answers with.
/// </summary>
public static class PageTexts
{
    private static readonly Dictionary<string, (string Nb, string Nn, string En)> All = new(StringComparer.Ordinal)
    {
        ["site.name"] = ("Kontakt- og reservasjonsregisteret", "Kontakt- og reservasjonsregisteret", "Contact and reservation register"),
        ["site.skip"] = ("Hopp til hovedinnhold", "Hopp til hovudinnhald", "Skip to main content"),
        ["site.language"] = ("Språk", "Språk", "Language"),
        ["site.pages"] = ("Sider", "Sider", "Pages"),
        ["site.logout"] = ("Logg ut", "Logg ut", "Log out"),
        ["nav.minprofil"] = ("Dine kontaktopplysninger", "Kontaktopplysningane dine", "Your contact information"),
        ["nav.statistikk"] = ("Statistikk", "Statistikk", "Statistics"),
        ["nav.testdata"] = ("Testdata", "Testdata", "Test data"),
        ["nav.delegering"] = ("Delegering til leverandør", "Delegering til leverandør", "Delegation to suppliers"),

        ["login.title"] = ("Innlogging for utvikling", "Innlogging for utvikling", "Development sign-in"),
        ["login.intro"] = ("Siden finnes bare når utviklingsutstederen er på, aldri i produksjon.", "Sida finst berre når utviklingsutferdaren er på, aldri i produksjon.", "This page exists only while the development issuer is on, never in production."),
        ["login.citizen"] = ("Innbygger", "Innbyggjar", "Citizen"),
        ["login.pid"] = ("Fødselsnummer (11 siffer)", "Fødselsnummer (11 siffer)", "National identity number (11 digits)"),
        ["login.as-citizen"] = ("Logg inn som innbygger", "Logg inn som innbyggjar", "Sign in as citizen"),
        ["login.demo"] = ("Eller velg en demoperson", "Eller vel ein demoperson", "Or pick a demo person"),
        ["login.demo.seed"] = ("Kjell fra lysarkene", "Kjell frå lysarka", "Kjell from the slides"),
        ["login.demo.shared"] = ("deler e-post med en annen", "deler e-post med ein annan", "shares an e-mail address"),
        ["login.demo.reserved"] = ("reservert", "reservert", "reserved"),
        ["login.demo.expired"] = ("ikke bekreftet på 19 måneder", "ikkje stadfesta på 19 månader", "not confirmed for 19 months"),
        ["login.demo.deleted"] = ("slettet", "sletta", "deleted"),
        ["login.operator"] = ("Operatør", "Operatør", "Operator"),
        ["login.as-operator"] = ("Logg inn som operatør", "Logg inn som operatør", "Sign in as operator"),
        ["login.agency"] = ("Virksomhet", "Verksemd", "Agency"),
        ["login.orgnr"] = ("Organisasjonsnummer (9 siffer)", "Organisasjonsnummer (9 siffer)", "Organisation number (9 digits)"),
        ["login.as-agency"] = ("Logg inn som virksomhet", "Logg inn som verksemd", "Sign in as agency"),

        ["minprofil.title"] = ("Dine kontaktopplysninger", "Kontaktopplysningane dine", "Your contact information"),
        ["minprofil.intro"] = ("Informasjonen nedenfor lagres i et felles kontaktregister som stat og kommune skal bruke når de kontakter deg.", "Informasjonen nedanfor blir lagra i eit felles kontaktregister som stat og kommune skal bruke når dei kontaktar deg.", "The information below is stored in a common contact register that will be used by public authorities when getting in contact with you."),
        ["minprofil.ny"] = ("Du er ikke registrert ennå. Legg inn mobilnummer eller e-postadresse for å registrere deg.", "Du er ikkje registrert enno. Legg inn mobilnummer eller e-postadresse for å registrere deg.", "You are not registered yet. Enter a mobile number or e-mail address to register."),
        ["minprofil.slettet"] = ("Registreringen din er slettet. Legg inn mobilnummer eller e-postadresse for å registrere deg på nytt.", "Registreringa di er sletta. Legg inn mobilnummer eller e-postadresse for å registrere deg på nytt.", "Your registration is deleted. Enter a mobile number or e-mail address to register again."),
        ["minprofil.bekreft-forfaller"] = ("Det er på tide å bekrefte kontaktopplysningene dine.", "Det er på tide å stadfeste kontaktopplysningane dine.", "It is time to confirm your contact information."),
        ["minprofil.til-bekreft"] = ("Bekreft nå", "Stadfest no", "Confirm now"),
        ["minprofil.kontakt"] = ("Mobil og e-post", "Mobil og e-post", "Mobile and e-mail"),
        ["felt.mobil"] = ("Mobilnummer", "Mobilnummer", "Mobile phone number"),
        ["felt.epost"] = ("E-postadresse", "E-postadresse", "E-mail address"),
        ["felt.postkasse"] = ("Digital postkasse", "Digital postkasse", "Digital mailbox"),
        ["felt.kode-sms"] = ("Kode fra SMS", "Kode frå SMS", "Code from SMS"),
        ["felt.kode-epost"] = ("Kode fra e-post", "Kode frå e-post", "Code from e-mail"),
        ["knapp.lagre-mobil"] = ("Lagre mobilnummer", "Lagre mobilnummer", "Save mobile number"),
        ["knapp.lagre-epost"] = ("Lagre e-postadresse", "Lagre e-postadresse", "Save e-mail address"),
        ["knapp.fjern-mobil"] = ("Fjern mobilnummeret", "Fjern mobilnummeret", "Remove the mobile number"),
        ["knapp.fjern-epost"] = ("Fjern e-postadressen", "Fjern e-postadressa", "Remove the e-mail address"),
        ["knapp.lagre"] = ("Lagre", "Lagre", "Save"),
        ["knapp.send-sms"] = ("Send kode på SMS", "Send kode på SMS", "Send SMS with verification code"),
        ["knapp.send-epost"] = ("Send kode på e-post", "Send kode på e-post", "Send e-mail with verification code"),
        ["knapp.bekreft-kode"] = ("Bekreft kode", "Stadfest kode", "Confirm code"),
        ["knapp.avbryt"] = ("Avbryt", "Avbryt", "Cancel"),
        ["mangler-verifikasjon"] = ("Mangler verifikasjon", "Manglar verifikasjon", "Not verified"),
        ["feil.oppsummering"] = ("Rett opp dette før du går videre:", "Rett opp dette før du går vidare:", "Please correct the following:"),
        ["melding.lagret"] = ("Dine endringer er lagret", "Endringane dine er lagra", "Your changes are saved"),
        ["melding.sms-sendt"] = ("SMS med verifikasjonskode sendt", "SMS med verifikasjonskode sendt", "SMS with verification code sent"),
        ["melding.epost-sendt"] = ("E-post med verifikasjonskode sendt", "E-post med verifikasjonskode sendt", "E-mail with verification code sent"),
        ["melding.lagret-sms-sendt"] = ("Dine endringer er lagret. SMS med verifikasjonskode sendt", "Endringane dine er lagra. SMS med verifikasjonskode sendt", "Your changes are saved. SMS with verification code sent"),
        ["melding.lagret-epost-sendt"] = ("Dine endringer er lagret. E-post med verifikasjonskode sendt", "Endringane dine er lagra. E-post med verifikasjonskode sendt", "Your changes are saved. E-mail with verification code sent"),
        ["melding.slettet"] = ("Registreringen din er slettet", "Registreringa di er sletta", "Your registration is deleted"),
        ["postkasse.har"] = ("Du får post fra det offentlige i digital postkasse hos {0}.", "Du får post frå det offentlege i digital postkasse hos {0}.", "You receive mail from public authorities in your digital mailbox at {0}."),
        ["postkasse.bestilt"] = ("Du har bedt om digital postkasse hos {0}. Leverandøren oppretter den.", "Du har bede om digital postkasse hos {0}. Leverandøren opprettar han.", "You asked for a digital mailbox at {0}. The provider creates it."),
        ["postkasse.ingen"] = ("Du har ikke valgt postkasse for digital post.", "Du har ikkje valt postkasse for digital post.", "You have not chosen a mailbox for digital mail."),
        ["postkasse.forklaring"] = ("Med digital postkasse hos e-Boks eller Digipost kan du få post fra det offentlige levert digitalt istedet for på papir.", "Med digital postkasse hos e-Boks eller Digipost kan du få post frå det offentlege levert digitalt i staden for på papir.", "With a digital mailbox at e-Boks or Digipost you can receive mail from public authorities digitally instead of on paper."),
        ["postkasse.spoersmaal"] = ("Jeg ønsker å få post fra stat og kommune i digital postkasse", "Eg ønskjer å få post frå stat og kommune i digital postkasse", "I want to receive mail from public authorities in a digital mailbox"),
        ["postkasse.leverandoer"] = ("Velg leverandør av digital postkasse", "Vel leverandør av digital postkasse", "Choose a digital mailbox provider"),
        ["svar.ja"] = ("Ja", "Ja", "Yes"),
        ["svar.nei"] = ("Nei", "Nei", "No"),
        ["reservasjon.title"] = ("Reservasjon mot digital kommunikasjon", "Reservasjon mot digital kommunikasjon", "Opting out of digital communication"),
        ["reservasjon.spoersmaal"] = ("Jeg reserverer meg mot digital kommunikasjon med det offentlige", "Eg reserverer meg mot digital kommunikasjon med det offentlege", "I opt out of digital communication with public authorities"),
        ["spraak.title"] = ("Språk", "Språk", "Language"),
        ["spraak.felt"] = ("Språket det offentlige skal bruke når de kontakter deg", "Språket det offentlege skal bruke når dei kontaktar deg", "The language public authorities use when contacting you"),
        ["spraak.nb"] = ("Bokmål", "Bokmål", "Norwegian Bokmål"),
        ["spraak.nn"] = ("Nynorsk", "Nynorsk", "Norwegian Nynorsk"),
        ["spraak.en"] = ("Engelsk", "Engelsk", "English"),
        ["spraak.se"] = ("Nordsamisk", "Nordsamisk", "Northern Sami"),
        ["oppslag.title"] = ("Hvem har slått meg opp", "Kven har slått meg opp", "Who looked me up"),
        ["oppslag.ingen"] = ("Ingen har slått deg opp ennå.", "Ingen har slått deg opp enno.", "Nobody has looked you up yet."),
        ["oppslag.tid"] = ("Tidspunkt", "Tidspunkt", "Time"),
        ["oppslag.virksomhet"] = ("Virksomhet", "Verksemd", "Agency"),
        ["oppslag.leverandoer"] = ("Leverandør", "Leverandør", "Supplier"),
        ["oppslag.data"] = ("Opplysninger", "Opplysningar", "Data"),
        ["slett.title"] = ("Slett registreringen", "Slett registreringa", "Delete your registration"),
        ["slett.intro"] = ("Mobilnummer, e-postadresse og digital postkasse slettes fra registeret.", "Mobilnummer, e-postadresse og digital postkasse blir sletta frå registeret.", "Your mobile number, e-mail address and digital mailbox are deleted from the register."),
        ["slett.bekreft"] = ("Jeg forstår at registreringen min slettes", "Eg forstår at registreringa mi blir sletta", "I understand that my registration is deleted"),
        ["slett.knapp"] = ("Slett registreringen", "Slett registreringa", "Delete registration"),
        ["slett.bekreft-mangler"] = ("Kryss av for at du forstår at registreringen slettes", "Kryss av for at du forstår at registreringa blir sletta", "Tick the box to confirm that you understand the registration is deleted"),
        ["bekreft.title"] = ("Er kontaktopplysningene dine korrekte?", "Er kontaktopplysningane dine korrekte?", "Is your contact information correct?"),
        ["bekreft.intro"] = ("Informasjonen nedenfor lagres i et felles kontaktregister som stat og kommune skal bruke når de kontakter deg.", "Informasjonen nedanfor blir lagra i eit felles kontaktregister som stat og kommune skal bruke når dei kontaktar deg.", "The information below is stored in a common contact register that will be used by public authorities when getting in contact with you."),
        ["bekreft.ikke-registrert"] = ("Ikke registrert", "Ikkje registrert", "Not registered"),
        ["bekreft.endre"] = ("Endre kontaktopplysningene", "Endre kontaktopplysningane", "Change your contact information"),
        ["bekreft.knapp"] = ("Bekreft og gå videre", "Stadfest og gå vidare", "Confirm and continue"),

        ["hjem.title"] = ("Kontakt- og reservasjonsregisteret", "Kontakt- og reservasjonsregisteret", "Contact and reservation register"),
        ["hjem.intro"] = ("Registeret stat og kommune bruker når de kontakter deg.", "Registeret stat og kommune bruker når dei kontaktar deg.", "The register public authorities use when they contact you."),

        ["testdata.title"] = ("Testdata: Kontakt- og reservasjonsregisteret", "Testdata: Kontakt- og reservasjonsregisteret", "Test data: Contact and reservation register"),
        ["testdata.intro"] = ("Søk blant syntetiske testpersoner. Finnes bare i utviklings- og testmiljøer.", "Søk blant syntetiske testpersonar. Finst berre i utviklings- og testmiljø.", "Search synthetic test persons. Available only in development and test deployments."),
        ["testdata.kriterier"] = ("Søkekriterier", "Søkjekriterium", "Search criteria"),
        ["testdata.status"] = ("Brukerstatus", "Brukarstatus", "User status"),
        ["testdata.brukerstatus"] = ("Brukerstatus", "Brukarstatus", "User status"),
        ["testdata.varslingsstatus"] = ("Varslingsstatus", "Varslingsstatus", "Notification status"),
        ["testdata.maalform"] = ("Målform", "Målform", "Language"),
        ["testdata.reservasjon"] = ("Reservasjon", "Reservasjon", "Reservation"),
        ["testdata.har-mobil"] = ("Har mobil", "Har mobil", "Has mobile"),
        ["testdata.har-mobilnr"] = ("Har mobilnr", "Har mobilnr", "Has mobile no."),
        ["testdata.har-epost"] = ("Har epost", "Har e-post", "Has e-mail"),
        ["testdata.personidentifikator"] = ("Fødselsnummer", "Fødselsnummer", "Identity number"),
        ["testdata.alle"] = ("Alle", "Alle", "Any"),
        ["testdata.sok"] = ("Søk", "Søk", "Search"),
        ["testdata.treff"] = ("{0} treff", "{0} treff", "{0} hits"),
        ["testdata.resultat"] = ("Søkeresultat", "Søkjeresultat", "Search result"),
        ["testdata.last-ned-csv"] = ("Last ned søkedata (CSV)", "Last ned søkjedata (CSV)", "Download search data (CSV)"),
        ["testdata.last-ned-json"] = ("Last ned søkedata (JSON)", "Last ned søkjedata (JSON)", "Download search data (JSON)"),
        ["testdata.neste"] = ("Neste side", "Neste side", "Next page"),
        ["verdi.AKTIV"] = ("Aktiv", "Aktiv", "Active"),
        ["verdi.SLETTET"] = ("Slettet", "Sletta", "Deleted"),
        ["verdi.IKKE_REGISTRERT"] = ("Ikke registrert", "Ikkje registrert", "Not registered"),
        ["verdi.KAN_VARSLES"] = ("Kan varsles", "Kan varslast", "Can be notified"),
        ["verdi.KAN_IKKE_VARSLES"] = ("Kan ikke varsles", "Kan ikkje varslast", "Cannot be notified"),
        ["verdi.nb"] = ("Bokmål (nb)", "Bokmål (nb)", "Bokmål (nb)"),
        ["verdi.nn"] = ("Nynorsk (nn)", "Nynorsk (nn)", "Nynorsk (nn)"),
        ["verdi.en"] = ("Engelsk (en)", "Engelsk (en)", "English (en)"),
        ["verdi.se"] = ("Nordsamisk (se)", "Nordsamisk (se)", "Northern Sami (se)"),
        ["verdi.JA"] = ("Ja", "Ja", "Yes"),
        ["verdi.NEI"] = ("Nei", "Nei", "No"),
        ["verdi.ugyldig"] = ("Verdien er ugyldig", "Verdien er ugyldig", "The value is invalid"),

        ["statistikk.title"] = ("Statistikk", "Statistikk", "Statistics"),
        ["statistikk.nokkeltall"] = ("Månedlige nøkkeltall, {0}", "Månadlege nøkkeltal, {0}", "Monthly key figures, {0}"),
        ["statistikk.nokkeltall-intro"] = ("Antall innbyggere som er registrert i registeret, hvor mange kunder som bruker det, hvor mange oppslag kundene gjør, og oppetiden.", "Talet på innbyggjarar som er registrerte i registeret, kor mange kundar som nyttar det, kor mange oppslag kundane gjer, og oppetida.", "The number of citizens registered, how many customers use the register, how many lookups they make, and the uptime."),
        ["statistikk.registrerte"] = ("Registrerte innbyggere", "Registrerte innbyggjarar", "Registered citizens"),
        ["statistikk.kunder"] = ("Kunder", "Kundar", "Customers"),
        ["statistikk.oppslag"] = ("Oppslag", "Oppslag", "Lookups"),
        ["statistikk.oppetid"] = ("Oppetid", "Oppetid", "Uptime"),
        ["statistikk.ikke-malt"] = ("Ikke målt", "Ikkje målt", "Not measured"),
        ["statistikk.historikk"] = ("Nøkkeltall per måned, siste tolv måneder", "Nøkkeltal per månad, siste tolv månader", "Key figures per month, last twelve months"),
        ["statistikk.oppslag-per-maaned"] = ("Oppslag per måned, siste tolv måneder", "Oppslag per månad, siste tolv månader", "Lookups per month, last twelve months"),
        ["statistikk.maaned"] = ("Måned", "Månad", "Month"),
        ["statistikk.registrerte-naa"] = ("Registrerte for en avsluttet måned er tallet registeret tok vare på ved månedsslutt; «–» der det ikke finnes.", "Registrerte for ein avslutta månad er talet registeret tok vare på ved månadsslutt; «–» der det ikkje finst.", "Registered for an ended month is the count the register kept at its end; “–” where none was kept."),
        ["statistikk.alder"] = ("Aldersfordeling", "Aldersfordeling", "Age distribution"),
        ["statistikk.alder-chart"] = ("Innbyggere per aldersgruppe", "Innbyggjarar per aldersgruppe", "Residents per age group"),
        ["statistikk.aldersgruppe"] = ("Aldersgruppe", "Aldersgruppe", "Age group"),
        ["statistikk.aar"] = ("{0} år", "{0} år", "{0} years"),
        ["statistikk.innbyggere"] = ("Innbyggere totalt", "Innbyggjarar totalt", "Residents in total"),
        ["statistikk.andel-postkasse"] = ("Andel postkasser", "Del postkassar", "Share with mailbox"),
        ["statistikk.andel-reservert"] = ("Andel reservert", "Del reservert", "Share reserved"),
        ["statistikk.last-ned-alder"] = ("Last ned aldersfordelingen (CSV)", "Last ned aldersfordelinga (CSV)", "Download the age distribution (CSV)"),
        ["statistikk.fylker"] = ("Reserverte per fylke", "Reserverte per fylke", "Reserved per county"),
        ["statistikk.fylker-chart"] = ("Andel reserverte per fylke", "Del reserverte per fylke", "Share reserved per county"),
        ["statistikk.fylke"] = ("Fylke", "Fylke", "County"),
        ["statistikk.reserverte"] = ("Reserverte", "Reserverte", "Reserved"),
        ["statistikk.flest"] = ("Kommunene med flest reserverte", "Kommunane med flest reserverte", "Municipalities with the most reserved"),
        ["statistikk.faerrest"] = ("Kommunene med færrest reserverte", "Kommunane med færrast reserverte", "Municipalities with the fewest reserved"),
        ["statistikk.kommune"] = ("Kommune", "Kommune", "Municipality"),
        ["statistikk.last-ned-reservasjoner"] = ("Last ned reserverte per fylke og kommune (CSV)", "Last ned reserverte per fylke og kommune (CSV)", "Download reserved per county and municipality (CSV)"),

        ["delegering.title"] = ("Delegering til leverandør", "Delegering til leverandør", "Delegation to suppliers"),
        ["delegering.for"] = ("Tilgang til programmeringsgrensesnitt (API) for organisasjonsnummer {0}.", "Tilgang til programmeringsgrensesnitt (API) for organisasjonsnummer {0}.", "Access to programming interfaces (API) for organisation number {0}."),
        ["delegering.gi"] = ("Gi tilgang til nytt API", "Gi tilgang til nytt API", "Give access to a new API"),
        ["delegering.velg-api"] = ("Delegerbare API", "Delegerbare API", "Delegable APIs"),
        ["delegering.orgnr"] = ("Leverandørens organisasjonsnummer", "Organisasjonsnummeret til leverandøren", "The supplier's organisation number"),
        ["delegering.gi-knapp"] = ("Gi tilgang", "Gi tilgang", "Give access"),
        ["delegering.api-mangler"] = ("Velg API-et du vil gi tilgang til", "Vel API-et du vil gi tilgang til", "Choose the API to give access to"),
        ["delegering.seg-selv"] = ("En virksomhet kan ikke delegere til seg selv", "Ei verksemd kan ikkje delegere til seg sjølv", "An organisation cannot delegate to itself"),
        ["delegering.gitt"] = ("Tilgangen er gitt", "Tilgangen er gitt", "Access is given"),
        ["delegering.trukket"] = ("Tilgangen er trukket tilbake", "Tilgangen er trekt tilbake", "Access is revoked"),
        ["delegering.gitt-liste"] = ("Tilganger dere har gitt", "Tilgangar de har gitt", "Access you have given"),
        ["delegering.mottatt-liste"] = ("Tilganger dere har mottatt", "Tilgangar de har fått", "Access you have received"),
        ["delegering.ingen"] = ("Ingen.", "Ingen.", "None."),
        ["delegering.leverandoer"] = ("Leverandør", "Leverandør", "Supplier"),
        ["delegering.avgiver"] = ("Gitt av", "Gitt av", "Given by"),
        ["delegering.omfang"] = ("Omfang (scopes)", "Omfang (scopes)", "Scopes"),
        ["delegering.oppdatert"] = ("Oppdatert", "Oppdatert", "Updated"),
        ["delegering.handling"] = ("Handling", "Handling", "Action"),
        ["delegering.trekk"] = ("Trekk tilbake tilgangen for {0}", "Trekk tilbake tilgangen for {0}", "Revoke access for {0}"),

        ["personidentifikator.invalid"] = ("Fødselsnummeret er ugyldig", "Fødselsnummeret er ugyldig", "The identity number is invalid"),
        ["orgnr.invalid"] = ("Organisasjonsnummeret er ugyldig", "Organisasjonsnummeret er ugyldig", "The organisation number is invalid"),
    };

    public static string For(string key, string language)
    {
        if (!All.TryGetValue(key, out var text))
        {
            return Texts.For(key, language);
        }
        return language switch { Texts.Nynorsk => text.Nn, Texts.English => text.En, _ => text.Nb };
    }

    /// <summary>
    /// The key of the text for a rejected value: its own code when the catalogues have it (<c>mobil.invalid</c>),
    /// else the field's general one (<c>personidentifikator.checkdigit</c> → <c>personidentifikator.invalid</c>).
    /// </summary>
    public static string ErrorKey(ValidationError error)
    {
        var field = error.Code[..(error.Code.IndexOf('.') is var dot and > 0 ? dot : error.Code.Length)] + ".invalid";
        return Has(error.Code) ? error.Code : Has(field) ? field : "verdi.ugyldig";
    }

    public static bool Has(string key) => All.ContainsKey(key) || Texts.Has(key);

    /// <summary>Keys of this catalogue, for the test that every one has three non-empty texts.</summary>
    internal static IEnumerable<(string Key, string Nb, string Nn, string En)> Entries => All.Select(e => (e.Key, e.Value.Nb, e.Value.Nn, e.Value.En));
}
