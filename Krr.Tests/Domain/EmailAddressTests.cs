using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class EmailAddressTests
{
    [Theory]
    [InlineData("kari@test.no", "kari@test.no")]
    [InlineData("Kari.Nordmann@Test.NO", "kari.nordmann@test.no")]
    [InlineData("  ola@example.com  ", "ola@example.com")]
    [InlineData("ærlig.ørken@å.no", "ærlig.ørken@xn--5ca.no")]           // RFC 6531 + IDN
    [InlineData("ÆRLIG@Å.NO", "ærlig@xn--5ca.no")]
    [InlineData("post@blåbær.no", "post@xn--blbr-roah.no")]
    [InlineData("ola@xn--5ca.no", "ola@xn--5ca.no")]
    [InlineData("a@b.co", "a@b.co")]
    [InlineData("first+tag@sub.domain.example.org", "first+tag@sub.domain.example.org")]
    [InlineData("o'brien@example.ie", "o'brien@example.ie")]
    [InlineData("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com")]
    [InlineData("12345678901-test@minid.norge.no", "12345678901-test@minid.norge.no")]
    [InlineData("NULLstillt@default.digdir.no", "nullstillt@default.digdir.no")]
    [InlineData("\"john..doe\"@example.com", "\"john..doe\"@example.com")]  // quoted local part
    [InlineData("\"a@b\"@example.com", "\"a@b\"@example.com")]             // '@' inside quotes
    [InlineData("user@my-host.example.com", "user@my-host.example.com")]
    [InlineData("user@example.xn--p1ai", "user@example.xn--p1ai")]         // punycode TLD
    [InlineData("user@пример.рф", "user@xn--e1afmkfd.xn--p1ai")]          // Unicode TLD
    [InlineData("用户@例子.广告", "用户@xn--fsqu00a.xn--4rr70v")]
    public void Valid_addresses_and_their_normalised_form(string value, string normalized)
    {
        Assert.True(EmailAddress.TryParse(value, out var email, out var error), error?.Message);
        Assert.Equal(value.Trim(), email.Value);
        Assert.Equal(value.Trim(), email.ToString());
        Assert.Equal(normalized, email.Normalized);
    }

    [Theory]
    [InlineData("kari nordmann@test.no", "whitespace")]
    [InlineData("kari@test .no", "whitespace")]
    [InlineData("kari\t@test.no", "whitespace")]
    [InlineData("kari\u0000@test.no", "control")]
    [InlineData("kari\u200B@test.no", "invisible")]  // zero-width space
    [InlineData("\u202Ekari@test.no", "invisible")]  // right-to-left override
    [InlineData("karitest.no", "must contain '@'")]
    [InlineData("kari@@test.no", "exactly one '@'")]
    [InlineData("kari@ola@test.no", "exactly one '@'")]
    [InlineData("@test.no", "nothing before '@'")]
    [InlineData("kari@", "no domain")]
    [InlineData(".kari@test.no", "starts or ends with '.'")]
    [InlineData("kari.@test.no", "starts or ends with '.'")]
    [InlineData("ka..ri@test.no", "two consecutive dots")]
    [InlineData("ka(ri)@test.no", "only allowed inside quotes")]
    [InlineData("ka,ri@test.no", "only allowed inside quotes")]
    [InlineData("ka\"ri@test.no", "only allowed inside quotes")]
    [InlineData("ka[ri]@test.no", "only allowed inside quotes")]
    [InlineData("ka\\ri@test.no", "only allowed inside quotes")]
    [InlineData("\"\"@test.no", "empty quoted")]
    [InlineData("\"unterminated@test.no", "must contain '@'")]
    [InlineData("kari@test", "without a top-level domain")]
    [InlineData("kari@localhost", "without a top-level domain")]
    [InlineData("kari@test.n", "top-level domain 'n'")]
    [InlineData("kari@test.123", "top-level domain '123'")]
    [InlineData("kari@test.n0", "top-level domain 'n0'")]
    [InlineData("kari@test..no", "empty label")]
    [InlineData("kari@.test.no", "empty label")]
    [InlineData("kari@test.no.", "empty label")]
    [InlineData("kari@-test.no", "starts or ends with '-'")]
    [InlineData("kari@test-.no", "starts or ends with '-'")]
    [InlineData("kari@te_st.no", "not a valid (internationalised) domain name")]
    [InlineData("kari@te$t.no", "not a valid (internationalised) domain name")]
    [InlineData("kari@[192.168.0.1]", "not an IP address")]
    [InlineData("kari@xn--a.no", "not a valid (internationalised) domain name")] // broken punycode
    public void Invalid_addresses(string value, string problem)
    {
        var error = AssertError(value, "epost.invalid");
        Assert.Contains(problem, error.Message);
        Assert.StartsWith("e-mail address '", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing(string? value) => AssertError(value, "epost.missing");

    [Fact]
    public void Local_part_of_64_octets_is_accepted_and_65_rejected()
    {
        Assert.True(EmailAddress.TryParse(new string('a', 64) + "@test.no", out _, out _));
        Assert.Contains("65 octets", AssertError(new string('a', 65) + "@test.no", "epost.length").Message);
    }

    [Fact]
    public void Local_part_length_counts_UTF8_octets()
    {
        Assert.True(EmailAddress.TryParse(new string('ø', 32) + "@test.no", out _, out _));  // 64 octets
        AssertError(new string('ø', 32) + "a@test.no", "epost.length");                     // 65 octets
    }

    [Fact]
    public void Total_of_254_octets_is_accepted_and_255_rejected()
    {
        var domain = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 60), "no"); // 63+1+63+1+60+1+2 = 191
        Assert.Equal(191, domain.Length);
        Assert.True(EmailAddress.TryParse(new string('x', 62) + "@" + domain, out _, out var error), error?.Message); // 62+1+191 = 254
        Assert.Contains("255 octets", AssertError(new string('x', 63) + "@" + domain, "epost.length").Message);
    }

    [Fact]
    public void Total_length_is_measured_after_IDNA_conversion()
    {
        // 'å' is one character but becomes 'xn--5ca' (7) in the ASCII domain.
        var local = new string('x', 64);
        var labels = string.Join('.', Enumerable.Repeat("å", 26)); // 26 labels of 7 ASCII chars + 25 dots = 207
        var value = local + "@" + labels + ".no";                     // typed length 64+1+51+3 = 119
        Assert.True(value.Length < 254);
        AssertError(value, "epost.length");                           // 64+1+207+3 = 275 after conversion
    }

    [Fact]
    public void Domain_labels_over_63_characters_are_rejected()
    {
        Assert.True(EmailAddress.TryParse("a@" + new string('d', 63) + ".no", out _, out _));
        Assert.Contains("64 characters", AssertError("a@" + new string('d', 64) + ".no", "epost.length").Message);
        // A short Unicode label whose ASCII form exceeds 63 characters.
        Assert.StartsWith("epost.", AssertErrorCode("a@" + new string('å', 60) + ".no"));
    }

    [Fact]
    public void Equality_and_duplicates_use_the_normalised_form()
    {
        var a = EmailAddress.Parse("Ærlig.Ørken@Å.no");
        var b = EmailAddress.Parse("ærlig.ørken@xn--5ca.no");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a.Value, b.Value);
        Assert.NotEqual(a, EmailAddress.Parse("aerlig.orken@a.no"));
    }

    [Fact]
    public void Composed_and_decomposed_local_parts_are_the_same_address()
    {
        var composed = EmailAddress.Parse("\u00e5se@test.no");    // å as one code point
        var decomposed = EmailAddress.Parse("a\u030ase@test.no"); // a + combining ring
        Assert.Equal(composed, decomposed);
        Assert.Equal("a\u030ase@test.no", decomposed.Value);      // stored as typed
    }

    [Theory]
    [InlineData("kari@test.no", "k***@t***.no")]
    [InlineData("ærlig.ørken@å.no", "æ***@å***.no")]
    [InlineData("x@example.com", "x***@e***.com")]
    public void Masked(string value, string masked) => Assert.Equal(masked, EmailAddress.Parse(value).Masked);

    [Fact]
    public void Parts_are_exposed_as_typed()
    {
        var email = EmailAddress.Parse("Kari@Blåbær.no");
        Assert.Equal("Kari", email.LocalPart);
        Assert.Equal("Blåbær.no", email.Domain);
    }

    [Fact]
    public void Parse_throws_FormatException_with_message() =>
        Assert.Equal("e-mail address 'karitest.no' must contain '@'",
            Assert.Throws<FormatException>(() => EmailAddress.Parse("karitest.no")).Message);

    private static string AssertErrorCode(string value)
    {
        Assert.False(EmailAddress.TryParse(value, out _, out var error));
        return error.Code;
    }

    private static ValidationError AssertError(string? value, string code)
    {
        Assert.False(EmailAddress.TryParse(value, out var email, out var error));
        Assert.Null(email);
        Assert.Equal(code, error.Code);
        return error;
    }
}
