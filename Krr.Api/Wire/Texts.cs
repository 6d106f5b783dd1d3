using Microsoft.Net.Http.Headers;

namespace Krr.Api.Wire;

/// <summary>The citizen-facing texts in nb, nn and en, keyed by <see cref="Krr.Grains.Domain.ValidationError.Code"/> or warning code: one place for every translation.</summary>
public static class Texts
{
    public const string Bokmaal = "nb";
    public const string Nynorsk = "nn";
    public const string English = "en";

    private static readonly Dictionary<string, (string Nb, string Nn, string En)> All = new(StringComparer.Ordinal)
    {
        ["mobil.missing"] = ("Mobilnummeret mangler", "Mobilnummeret manglar", "The mobile number is missing"),
        ["mobil.invalid"] = ("Mobilnummeret er ugyldig", "Mobilnummeret er ugyldig", "The mobile number is invalid"),
        ["epost.missing"] = ("E-postadressen mangler", "E-postadressa manglar", "The e-mail address is missing"),
        ["epost.invalid"] = ("E-postadressen er ugyldig", "E-postadressa er ugyldig", "The e-mail address is invalid"),
        ["epost.length"] = ("E-postadressen er for lang", "E-postadressa er for lang", "The e-mail address is too long"),
        ["spraak.invalid"] = ("Språket støttes ikke; velg nb, nn, en eller se", "Språket er ikkje støtta; vel nb, nn, en eller se", "The language is not supported; choose nb, nn, en or se"),
        ["reservasjon.invalid"] = ("Reservasjon må være JA eller NEI", "Reservasjon må vere JA eller NEI", "Reservation must be JA or NEI"),
        ["digitalpost.invalid"] = ("Svaret må være JA eller NEI", "Svaret må vere JA eller NEI", "The answer must be JA or NEI"),
        ["digitalpost.leverandoer"] = ("Velg Digipost (984661185) eller e-Boks (922020175)", "Vel Digipost (984661185) eller e-Boks (922020175)", "Choose Digipost (984661185) or e-Boks (922020175)"),
        ["body.invalid"] = ("Forespørselen er ikke gyldig JSON", "Førespurnaden er ikkje gyldig JSON", "The request body is not valid JSON"),
        ["kanal.invalid"] = ("Kanalen må være mobil eller epost", "Kanalen må vere mobil eller epost", "The channel must be mobil or epost"),
        ["kode.none"] = ("Ingen kode er sendt til denne verdien; be om en ny kode", "Ingen kode er send til denne verdien; be om ein ny kode", "No code was sent to this value; ask for a new code"),
        ["kode.wrong"] = ("Koden er feil", "Koden er feil", "The code is wrong"),
        ["kode.locked"] = ("For mange feil forsøk; be om en ny kode", "For mange feil forsøk; be om ein ny kode", "Too many wrong tries; ask for a new code"),
        ["kode.expired"] = ("Koden er utløpt; be om en ny kode", "Koden har gått ut; be om ein ny kode", "The code has expired; ask for a new code"),
        ["kode.too-many-sends"] = ("Du har bedt om tre koder på 15 minutter; vent litt", "Du har bede om tre kodar på 15 minutt; vent litt", "You asked for three codes in 15 minutes; please wait"),
        ["kode.no-value"] = ("Det er ikke registrert noen verdi å sende kode til", "Det er ikkje registrert nokon verdi å sende kode til", "There is no registered value to send a code to"),
        ["duplikat.mobil"] = ("Dette mobilnummeret er registrert på andre", "Dette mobilnummeret er registrert på andre", "This mobile number is registered to others"),
        ["duplikat.epost"] = ("Denne e-postadressen er registrert på andre", "Denne e-postadressa er registrert på andre", "This e-mail address is registered to others"),
    };

    /// <summary>The text in all three languages, for warnings the page shows in whichever language it is in.</summary>
    public static LocalizedText All3(string code)
    {
        var text = All[code];
        return new LocalizedText(text.Nb, text.Nn, text.En);
    }

    public static bool Has(string code) => All.ContainsKey(code);

    public static string For(string code, string language)
    {
        var text = All[code];
        return language switch { Nynorsk => text.Nn, English => text.En, _ => text.Nb };
    }

    /// <summary>The first of nb, nn, en the caller accepts (<c>no</c> counts as nb), by quality; nb when none.</summary>
    public static string Language(HttpRequest request)
    {
        foreach (var value in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(v => v.Quality ?? 1))
        {
            var tag = value.Value.Value?.Split('-')[0].ToLowerInvariant();
            switch (tag)
            {
                case Bokmaal or "no" or "nob": return Bokmaal;
                case Nynorsk or "nno": return Nynorsk;
                case English: return English;
            }
        }
        return Bokmaal;
    }

    /// <summary>
    /// A 400 (or <paramref name="status"/>) problem: the title in the caller's language says what is wrong, the
    /// detail gives the particulars, <c>kode</c> is the stable code a page can switch on.
    /// </summary>
    public static IResult Problem(
        HttpContext http, string code, string? detail = null, int status = StatusCodes.Status400BadRequest, IEnumerable<KeyValuePair<string, object?>>? extensions = null) =>
        Results.Problem(
            statusCode: status,
            title: For(code, Language(http.Request)),
            detail: detail,
            extensions: new Dictionary<string, object?>(extensions ?? []) { ["kode"] = code });
}

/// <summary>One text in the three languages self-service shows.</summary>
public sealed record LocalizedText(string Nb, string Nn, string En);
