using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Krr.Grains.Domain;
using PhoneNumbers;

namespace Krr.Tests.Domain;

public class MobileNumberTests
{
    [Theory]
    [InlineData("98765432")]
    [InlineData("+4798765432")]
    [InlineData("004798765432")]
    [InlineData("0047 987 65 432")]
    [InlineData("+47 98 76 54 32")]
    [InlineData("+47-987-65-432")]
    [InlineData("+47_98_76_54_32")]
    [InlineData("987 65 432")]
    [InlineData("  98765432  ")]
    public void Norwegian_input_forms_are_the_same_number(string value)
    {
        Assert.True(MobileNumber.TryParse(value, out var mobile, out var error), error?.Message);
        Assert.Equal("+4798765432", mobile.E164);
        Assert.Equal("+4798765432", mobile.ToString());
        Assert.Equal(47, mobile.CountryCode);
        Assert.True(mobile.IsNorwegian);
        Assert.Equal(MobileNumber.Parse("+4798765432"), mobile);
    }

    [Theory]
    [InlineData("41234567", "+4741234567")]
    [InlineData("+4745000000", "+4745000000")]
    [InlineData("+4799999999", "+4799999999")]  // test data value from Digdir's test users
    [InlineData("90000000", "+4790000000")]
    public void Norwegian_mobile_ranges(string value, string e164) =>
        Assert.Equal(e164, MobileNumber.Parse(value).E164);

    [Theory]
    [InlineData("+4700000000", "must start with 4 or 9")]
    [InlineData("22225555", "must start with 4 or 9")]      // Oslo landline
    [InlineData("+47 22 22 55 55", "must start with 4 or 9")]
    [InlineData("0047 5912 3456", "must start with 4 or 9")]  // 59: M2M range
    [InlineData("80012345", "must start with 4 or 9")]      // freephone
    [InlineData("42123456", "is not a valid Norwegian mobile number")] // 42 is not an allocated mobile range
    [InlineData("+479876543", "is not a valid Norwegian mobile number")] // 7 national digits
    [InlineData("+47987654321", "is not a valid Norwegian mobile number")] // 9 national digits
    public void Norwegian_non_mobile_numbers_are_rejected(string value, string reason)
    {
        var error = AssertInvalid(value);
        Assert.Contains("Mobilnummeret er ugyldig", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Rejection_message_uses_the_registers_wording() =>
        Assert.Equal("Mobilnummeret er ugyldig: +4700000000 is not a Norwegian mobile number (must start with 4 or 9)",
            AssertInvalid("+4700000000").Message);

    [Theory]
    [InlineData("+46 70 123 45 67", "+46701234567", 46)]  // Swedish mobile
    [InlineData("0046701234567", "+46701234567", 46)]
    [InlineData("+1 212 736 5000", "+12127365000", 1)]    // New York landline: the register holds such values
    [InlineData("+44 7911 123456", "+447911123456", 44)]  // UK mobile
    [InlineData("+45 20 12 34 56", "+4520123456", 45)]    // Danish
    public void Valid_foreign_numbers_are_accepted(string value, string e164, int countryCode)
    {
        Assert.True(MobileNumber.TryParse(value, out var mobile, out var error), error?.Message);
        Assert.Equal(e164, mobile.E164);
        Assert.Equal(countryCode, mobile.CountryCode);
        Assert.False(mobile.IsNorwegian);
    }

    [Theory]
    [InlineData("+46 12", "not a valid number for SE")]
    [InlineData("+1 000 000 0000", "")]
    [InlineData("+999 1234 5678", "")]
    [InlineData("+44 1", "")]
    public void Invalid_foreign_numbers_are_rejected(string value, string reason) =>
        Assert.Contains(reason, AssertInvalid(value).Message);

    [Theory]
    [InlineData("9876543")]          // 7 digits, no country code
    [InlineData("987654321")]        // 9 digits, no country code
    [InlineData("4798765432")]       // country code without + or 00
    [InlineData("98765432a")]
    [InlineData("(+47) 98765432")]
    [InlineData("+47 98765432 ext 1")]
    [InlineData("+47+98765432")]
    [InlineData("98+765432")]
    [InlineData("9876.5432")]
    [InlineData("+")]
    [InlineData("++4798765432")]
    [InlineData("+47 987 65 432 1234567890 1234567890")] // too long
    [InlineData("９８７６５４３２")]  // full-width digits
    public void Malformed_input_is_rejected(string value) =>
        Assert.Contains("Mobilnummeret er ugyldig", AssertInvalid(value).Message);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing(string? value)
    {
        Assert.False(MobileNumber.TryParse(value, out _, out var error));
        Assert.Equal("mobil.missing", error.Code);
        Assert.Contains("Mobilnummeret er ugyldig", error.Message);
    }

    [Fact]
    public void Parse_throws_FormatException_with_message() =>
        Assert.StartsWith("Mobilnummeret er ugyldig",
            Assert.Throws<FormatException>(() => MobileNumber.Parse("+4700000000")).Message);

    [Theory]
    [InlineData("98765432", "+47******32")]
    [InlineData("+46 70 123 45 67", "+46*******67")]
    [InlineData("+1 212 736 5000", "+1********00")]
    public void Masked_keeps_country_code_and_last_two_digits(string value, string masked) =>
        Assert.Equal(masked, MobileNumber.Parse(value).Masked);

    // ---- properties ----

    /// <summary>Norwegian numbers libphonenumber considers valid mobiles, as 8 national digits.</summary>
    private static Gen<string> NorwegianMobiles =>
        from first in Gen.Elements('4', '9')
        from rest in Gen.ArrayOf(Gen.Choose(0, 9), 7)
        let national = first + string.Concat(rest)
        where PhoneNumberUtil.GetInstance().IsValidNumberForRegion(PhoneNumberUtil.GetInstance().Parse(national, "NO"), "NO")
        select national;

    private static readonly Func<string, string>[] Forms =
    [
        n => n,
        n => "+47" + n,
        n => "0047" + n,
        n => $"+47 {n[..2]} {n[2..4]} {n[4..6]} {n[6..]}",
        n => $"0047 {n[..3]} {n[3..5]} {n[5..]}",
        n => $"{n[..3]} {n[3..5]} {n[5..]}",
        n => $"+47-{n[..3]}-{n[3..5]}-{n[5..]}",
        n => $"+47_{n[..4]}_{n[4..]}",
        n => $"  {n}\t",
    ];

    [Property]
    public Property Every_form_of_a_valid_Norwegian_mobile_normalises_to_the_same_E164() =>
        Prop.ForAll(
            (from n in NorwegianMobiles from form in Gen.Choose(0, Forms.Length - 1) select (n, form)).ToArbitrary(),
            t => MobileNumber.TryParse(Forms[t.form](t.n), out var m, out _) && m.E164 == "+47" + t.n);

    [Property]
    public Property Parsing_the_E164_form_is_idempotent() =>
        Prop.ForAll(NorwegianMobiles.ToArbitrary(), n =>
        {
            var m = MobileNumber.Parse(n);
            return MobileNumber.Parse(m.E164).Equals(m) && m.Masked == "+47******" + n[6..];
        });

    [Property]
    public Property Eight_digit_numbers_not_starting_with_4_or_9_are_rejected() =>
        Prop.ForAll(
            (from first in Gen.Elements('0', '1', '2', '3', '5', '6', '7', '8')
             from rest in Gen.ArrayOf(Gen.Choose(0, 9), 7)
             from prefix in Gen.Elements("", "+47", "0047", "+47 ")
             select prefix + first + string.Concat(rest)).ToArbitrary(),
            s => !MobileNumber.TryParse(s, out _, out var error)
                 && error.Code == "mobil.invalid"
                 && error.Message.Contains("Mobilnummeret er ugyldig"));

    private static ValidationError AssertInvalid(string value)
    {
        Assert.False(MobileNumber.TryParse(value, out var mobile, out var error));
        Assert.Null(mobile);
        Assert.Equal("mobil.invalid", error.Code);
        return error;
    }
}
