using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class PersonalDataMaskTests
{
    [Theory]
    [InlineData("Lookup of 17912099997 failed", "Lookup of *********97 failed")]
    [InlineData("pid=17912099997;", "pid=*********97;")]
    [InlineData("[17912099997,27129324169]", "[*********97,*********69]")]
    [InlineData("grain person:17912099997 activated", "grain person:*********97 activated")]
    [InlineData("179120999971", "179120999971")]    // 12 digits: not an identifier
    [InlineData("x17912099997", "x17912099997")]    // not word-bounded
    public void Identifiers(string text, string expected) => Assert.Equal(expected, PersonalDataMask.Scrub(text));

    [Theory]
    [InlineData("Sent code to kari.nordmann@test.no.", "Sent code to k***@t***.no.")]
    [InlineData("email=<ærlig.ørken@å.no>", "email=<æ***@å***.no>")]
    [InlineData("to: Ola+tag@example.com, cc: x@y.org", "to: O***@e***.com, cc: x***@y***.org")]
    [InlineData("epost:17912099997-test@minid.norge.no", "epost:1***@m***.no")]
    [InlineData("\"epostadresse\":\"post@blåbær.no\"", "\"epostadresse\":\"p***@b***.no\"")]
    public void Email_addresses(string text, string expected) => Assert.Equal(expected, PersonalDataMask.Scrub(text));

    [Theory]
    [InlineData("SMS to +4798765432 queued", "SMS to +47******32 queued")]
    [InlineData("SMS to +47 987 65 432 queued", "SMS to +47******32 queued")]
    [InlineData("mobil=98765432", "mobil=******32")]
    [InlineData("mobil=41234567.", "mobil=******67.")]
    [InlineData("call +1 212 736 5000", "call +1********00")]
    [InlineData("call +46701234567", "call +46*******67")]
    [InlineData("mobil: 0047 98765432", "mobil: 0047 ******32")]
    public void Phone_numbers(string text, string expected) => Assert.Equal(expected, PersonalDataMask.Scrub(text));

    [Theory]
    [InlineData("2026-11-29T12:00:00+01:00 info: started")]
    [InlineData("at 2026-11-29T12:00:00.1234567+01:00")]
    [InlineData("request 3f2a1b7c-9d4e-4a5b-8c6d-0e1f2a3b4c5d took 42 ms")]
    [InlineData("trace 41234567-1234-4234-9234-123456789012")]    // all-digit GUID groups, one starting with 4
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // W3C traceparent
    [InlineData("Orleans silo S127.0.0.1:11111:123456789 joined")]
    [InlineData("version 10.4.2, build 20260112, elapsed 1234567 ticks")]
    [InlineData("HTTP 200 OK in 12.5 ms; 1000 persons; changes from 90001 to 99999")]
    [InlineData("org 984661185 (Digipost)")]                       // 9 digits: org numbers are public
    [InlineData("duration +00:00:01.5")]
    [InlineData("arabic-indic ١٢٣٤٥٦٧٨٩٠١ digits")]
    [InlineData("")]
    public void Ordinary_log_text_is_untouched(string text) => Assert.Equal(text, PersonalDataMask.Scrub(text));

    [Fact]
    public void Realistic_log_line()
    {
        const string line = "2026-11-29T12:00:00.123+01:00 [INF] req 0HN8A1B2C3D4 trace 4bf92f3577b34da6a3ce929d0e0e4736: "
            + "person 17912099997 changed mobil 98765432 -> +4741234567 and epost kari@test.no (endringsId 123456789012)";
        const string expected = "2026-11-29T12:00:00.123+01:00 [INF] req 0HN8A1B2C3D4 trace 4bf92f3577b34da6a3ce929d0e0e4736: "
            + "person *********97 changed mobil ******32 -> +47******67 and epost k***@t***.no (endringsId 123456789012)";
        Assert.Equal(expected, PersonalDataMask.Scrub(line));
    }

    [Fact]
    public void Json_payload()
    {
        const string json = """{"personidentifikator":"27129324169","kontaktinformasjon":{"epostadresse":"ola@example.com","mobiltelefonnummer":"+4799999999"}}""";
        const string expected = """{"personidentifikator":"*********69","kontaktinformasjon":{"epostadresse":"o***@e***.com","mobiltelefonnummer":"+47******99"}}""";
        Assert.Equal(expected, PersonalDataMask.Scrub(json));
    }

    [Fact]
    public void Null_and_empty_pass_through()
    {
        Assert.Equal("", PersonalDataMask.Scrub(""));
        Assert.Null(PersonalDataMask.Scrub(null!));
    }

    [Fact]
    public void Long_text_without_personal_data_comes_back_unchanged()
    {
        var text = string.Concat(Enumerable.Repeat("abcdefghij.klmnop_qrs-tuv+wxyz ", 20_000))
                   + new string('a', 100_000) // one very long "word" for the e-mail alternative
                   + " 1 @";                  // defeats the no-digit/no-'@' shortcut
        Assert.Equal(text, PersonalDataMask.Scrub(text));
    }

    [Property]
    public Property Scrubbed_text_never_contains_a_generated_identifier() =>
        Prop.ForAll(
            (from id in PersonIdentifierTests.ValidIdentifiers
             from before in Gen.Elements("", "pid ", "\"", "person:", "[", "id=")
             from after in Gen.Elements("", " ok", "\"", ",", "]", ".")
             select (id, text: before + id.Value + after)).ToArbitrary(),
            t =>
            {
                var scrubbed = PersonalDataMask.Scrub(t.text);
                return !scrubbed.Contains(t.id.Value) && scrubbed.Contains(t.id.Masked);
            });

    [Property]
    public Property Scrubbed_text_never_contains_a_mobile_number_in_any_form() =>
        Prop.ForAll(
            (from first in Gen.Elements('4', '9')
             from rest in Gen.ArrayOf(Gen.Choose(0, 9), 7)
             let n = first + string.Concat(rest)
             from form in Gen.Elements(n, "+47" + n, $"+47 {n[..3]} {n[3..5]} {n[5..]}")
             select (n, text: $"sms to {form} sent")).ToArbitrary(),
            t => !PersonalDataMask.Scrub(t.text).Replace(" ", "").Contains(t.n[..6]));
}
