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
    public static string ErrorKey(ValidationError error) =>
        Has(error.Code) ? error.Code : error.Code[..(error.Code.IndexOf('.') is var dot and > 0 ? dot : error.Code.Length)] + ".invalid";

    public static bool Has(string key) => All.ContainsKey(key) || Texts.Has(key);

    /// <summary>Keys of this catalogue, for the test that every one has three non-empty texts.</summary>
    internal static IEnumerable<(string Key, string Nb, string Nn, string En)> Entries => All.Select(e => (e.Key, e.Value.Nb, e.Value.Nn, e.Value.En));
}
