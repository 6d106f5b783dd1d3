using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class OrganizationNumberTests
{
    [Theory]
    [InlineData("984661185")]  // Digipost
    [InlineData("922020175")]  // e-Boks
    [InlineData("991825827")]  // Digdir
    [InlineData("996460320")]  // e-Boks (older test data)
    public void Known_org_numbers_parse(string value)
    {
        Assert.True(OrganizationNumber.TryParse(value, out var org, out var error), error?.Message);
        Assert.Equal(value, org.Value);
        Assert.Equal(value, org.ToString());
        Assert.Equal(org, OrganizationNumber.Parse(value));
    }

    [Theory]
    [InlineData(null, "orgnr.missing")]
    [InlineData("", "orgnr.missing")]
    [InlineData("98466118", "orgnr.length")]
    [InlineData("9846611850", "orgnr.length")]
    [InlineData("98466118x", "orgnr.nondigit")]
    [InlineData("984 661 185", "orgnr.nondigit")]
    [InlineData("984661186", "orgnr.checkdigit")]
    [InlineData("984661158", "orgnr.checkdigit")]
    public void Invalid_org_numbers(string? value, string code)
    {
        Assert.False(OrganizationNumber.TryParse(value, out var org, out var error));
        Assert.Null(org);
        Assert.Equal(code, error.Code);
        if (!string.IsNullOrEmpty(value))
            Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Parse_throws_FormatException_with_message() =>
        Assert.Equal("organisation number '98466118' must be 9 digits, got 8",
            Assert.Throws<FormatException>(() => OrganizationNumber.Parse("98466118")).Message);

    [Fact]
    public void Exactly_one_check_digit_fits_each_prefix_unless_it_computes_to_10()
    {
        foreach (var prefix in new[] { "98466118", "92202017", "99182582", "10000000", "00000000" })
        {
            var valid = Enumerable.Range(0, 10).Count(d => OrganizationNumber.TryParse(prefix + d, out _, out _));
            Assert.InRange(valid, 0, 1);
        }
        Assert.True(OrganizationNumber.TryParse("000000000", out _, out _)); // check 11 -> 0
    }

    [Property]
    public Property Changing_any_single_digit_of_a_valid_org_number_makes_it_invalid() =>
        Prop.ForAll(
            (from digits in Gen.ArrayOf(Gen.Choose(0, 9), 8)
             let prefix = string.Concat(digits)
             let full = Enumerable.Range(0, 10).Select(d => prefix + d).FirstOrDefault(s => OrganizationNumber.TryParse(s, out _, out _))
             where full is not null
             from position in Gen.Choose(0, 8)
             from delta in Gen.Choose(1, 9)
             select (full, position, delta)).ToArbitrary(),
            t =>
            {
                var chars = t.full.ToCharArray();
                chars[t.position] = (char)('0' + (chars[t.position] - '0' + t.delta) % 10);
                return !OrganizationNumber.TryParse(new string(chars), out _, out _);
            });
}
