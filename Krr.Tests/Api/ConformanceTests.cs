using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Krr.Grains.Domain;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Api;

/// <summary>
/// A full v2 answer compared field by field with the register's field table (krr-reference.md §1.3): every field
/// the table lists appears with a value of its documented form, and nothing else does.
/// </summary>
public sealed partial class ConformanceTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    /// <summary>The table lists it from one consumer's DTO with the advice not to expose it.</summary>
    private const string NotExposed = "kontaktinformasjon.mobiltelefonnummer_valideringstoken";

    [Fact]
    public async Task A_full_v2_answer_has_exactly_the_documented_fields_in_their_documented_forms()
    {
        var full = TestIdentities.Next();
        var reserved = TestIdentities.Next();
        await FillAsync(full, reserve: false);
        await FillAsync(reserved, reserve: true);

        var persons = await deployment.PersonsAsync("v2", [full, reserved], "krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read");
        var seen = new Dictionary<string, string>();
        foreach (var person in persons)
        {
            Flatten(person!.AsObject(), "", seen);
        }

        var documented = DocumentedFields().Where(f => f != NotExposed).ToHashSet();
        Assert.Equal(documented.Order(), seen.Keys.Order());
        foreach (var (field, value) in seen)
        {
            Assert.True(HasDocumentedForm(field, value), $"{field} = {value}");
        }
    }

    private async Task FillAsync(string identifier, bool reserve)
    {
        var person = deployment.Grains.GetPerson(identifier);
        var email = TestIdentities.Email();
        var mobile = TestIdentities.Mobile();
        await person.SetContactAsync(ContactChannel.Email, new ContactValue(email, EmailAddress.Parse(email).Normalized));
        await person.SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
        await person.ConfirmAsync();
        await person.MarkValidatedAsync(ContactChannel.Email, EmailAddress.Parse(email).Normalized);
        await person.MarkValidatedAsync(ContactChannel.Mobile, mobile);
        await person.SetLanguageAsync("nb");
        await person.SetDigitalMailboxAsync(new DigitalMailboxRecord("ola.nordmann#9YDT", "984661185"));
        await deployment.Grains.GetMailboxProvider("984661185").SetCertificateAsync(Convert.ToBase64String("certificate"u8.ToArray()));
        if (reserve)
        {
            await person.SetReservationAsync(true);
        }
    }

    private static void Flatten(JsonObject node, string prefix, Dictionary<string, string> into)
    {
        foreach (var (name, value) in node)
        {
            if (value is JsonObject child)
            {
                Flatten(child, prefix + name + ".", into);
            }
            else
            {
                Assert.True(value is JsonValue, $"{prefix}{name} is not a plain value");
                into[prefix + name] = (string)value!;
            }
        }
    }

    private static IEnumerable<string> DocumentedFields()
    {
        var reference = Path.Combine(RepositoryPaths.Root, "..", "shared", "docs", "krr-reference.md");
        var lines = File.ReadAllLines(reference);
        var start = Array.FindIndex(lines, l => l.StartsWith("#### Field table", StringComparison.Ordinal));
        Assert.True(start >= 0, "krr-reference.md has no field table");
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            if (FieldCell().Match(line) is { Success: true } match)
            {
                yield return match.Groups[1].Value;
            }
        }
    }

    private static bool HasDocumentedForm(string field, string value) => field switch
    {
        "personidentifikator" => PersonIdentifier.TryParse(value, out _, out _),
        "reservasjon" or "kontaktinformasjon.epostadresse_duplisert" or "kontaktinformasjon.mobiltelefonnummer_duplisert" => value is "JA" or "NEI",
        "status" => value is "AKTIV" or "SLETTET" or "IKKE_REGISTRERT",
        "varslingsstatus" => value is "KAN_VARSLES" or "KAN_IKKE_VARSLES",
        "spraak" => value is "nb" or "nn" or "en" or "se",
        "kontaktinformasjon.epostadresse" => EmailAddress.TryParse(value, out _, out _),
        "kontaktinformasjon.mobiltelefonnummer" => MobileNumber.TryParse(value, out _, out _),
        "digital_post.postkasseadresse" => value.Length is >= 8 and <= 100,
        "digital_post.postkasseleverandoeradresse" => OrganizationNumber.TryParse(value, out _, out _),
        "sertifikat" => Convert.TryFromBase64String(value, new byte[value.Length], out _),
        _ when field.EndsWith("tidspunkt", StringComparison.Ordinal) || field.EndsWith("oppdatert", StringComparison.Ordinal)
            || field.EndsWith("sist_verifisert", StringComparison.Ordinal) || field.EndsWith("sist_validert", StringComparison.Ordinal)
            => OsloTimestamp().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    [GeneratedRegex(@"^\|\s*`([a-z_.]+)`\s*\|")]
    private static partial Regex FieldCell();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$")]
    private static partial Regex OsloTimestamp();
}
