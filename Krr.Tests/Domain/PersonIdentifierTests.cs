using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class PersonIdentifierTests
{
    // Expected values below were computed independently of the code under test (by hand / a separate script).
    [Theory]
    [InlineData("17912099997", 2020, 11, 17, false, true)]   // seed person (Tenor, III 999, YY 20)
    [InlineData("20914695016", 1946, 11, 20, false, true)]   // krr-reference example, III 950 YY 46 -> 19xx
    [InlineData("27129324169", 1993, 12, 27, false, false)]  // Digdir golden test person
    [InlineData("11887197158", 1971, 8, 11, false, true)]    // Tenor example from krr-reference §6
    [InlineData("01048800153", 1988, 4, 1, false, false)]
    [InlineData("24079412372", 1994, 7, 24, false, false)]
    [InlineData("22885399316", 1953, 8, 22, false, true)]
    [InlineData("41019010110", 1990, 1, 1, true, false)]     // D-number: day + 40
    [InlineData("41819010186", 1990, 1, 1, true, true)]      // D-number and synthetic combined
    [InlineData("01015550089", 1855, 1, 1, false, false)]    // III 500-749, YY >= 54 -> 18xx
    [InlineData("01010550048", 2005, 1, 1, false, false)]    // III 500-999, YY <= 39 -> 20xx
    [InlineData("29020050088", 2000, 2, 29, false, false)]   // leap day 2000
    [InlineData("29029610086", 1996, 2, 29, false, false)]   // leap day 1996
    public void Valid_identifiers_parse_with_birth_date_and_kind(string value, int y, int m, int d, bool dNumber, bool synthetic)
    {
        Assert.True(PersonIdentifier.TryParse(value, out var id, out var error), error?.Message);
        Assert.Equal(value, id.Value);
        Assert.Equal(value, id.ToString());
        Assert.Equal(new DateOnly(y, m, d), id.BirthDate);
        Assert.Equal(dNumber, id.IsDNumber);
        Assert.Equal(synthetic, id.IsSynthetic);
    }

    [Theory]
    [InlineData("01014090017", 1940)]   // III 900-999, YY >= 40 -> 19xx
    [InlineData("31129995044", 1999)]   // III 950, YY 99 -> 19xx
    [InlineData("31089900185", 1999)]   // III 001 -> 19xx
    [InlineData("01015550089", 1855)]   // III 500, YY 55 -> 18xx
    [InlineData("01010550048", 2005)]   // III 500, YY 05 -> 20xx
    public void Century_boundaries(string value, int expectedYear) =>
        Assert.Equal(expectedYear, PersonIdentifier.Parse(value).BirthDate.Year);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing(string? value) => AssertError(value, "personidentifikator.missing");

    [Theory]
    [InlineData("12345", "must be 11 digits, got 5")]
    [InlineData("179120999970", "must be 11 digits, got 12")]
    [InlineData("1791209999", "must be 11 digits, got 10")]
    public void Wrong_length(string value, string message) =>
        Assert.Contains(message, AssertError(value, "personidentifikator.length").Message);

    [Theory]
    [InlineData("1791209999a")]
    [InlineData(" 17912099997")]
    [InlineData("179120 99997")]
    [InlineData("179120-9999")]
    [InlineData("１7912099997")]  // full-width digit one
    [InlineData("abc")]
    public void Non_digits(string value) => AssertError(value, "personidentifikator.nondigit");

    [Theory]
    [InlineData("00010150089")]  // day 0
    [InlineData("32010150089")]  // day 32
    [InlineData("40010150089")]  // day 40: neither plain nor D
    [InlineData("72010150089")]  // D-number day 32
    [InlineData("01000150089")]  // month 0
    [InlineData("01130150089")]  // month 13
    [InlineData("01410150089")]  // month + 40 (NAV/H-number) is not accepted
    [InlineData("01800150089")]  // synthetic month 0
    [InlineData("01930150089")]  // synthetic month 13
    [InlineData("29020010000")]  // 29 Feb 1900 (not a leap year)
    [InlineData("29024590036")]  // 29 Feb 1945
    [InlineData("31040110000")]  // 31 April
    [InlineData("29024550085")]  // III 500 with YY 45: no century (check digits are valid)
    [InlineData("01018080000")]  // III 800 with YY 80: no century
    public void Invalid_dates(string value) => AssertError(value, "personidentifikator.date");

    [Theory]
    [InlineData("17912099998")]
    [InlineData("17912099987")]
    [InlineData("27129324160")]
    [InlineData("01048800135")]  // transposed check digits
    public void Invalid_check_digits(string value) =>
        Assert.Contains(value, AssertError(value, "personidentifikator.checkdigit").Message);

    [Fact]
    public void Messages_name_the_value()
    {
        Assert.Equal("personidentifikator '12345' must be 11 digits, got 5", AssertError("12345", "personidentifikator.length").Message);
        Assert.Contains("'17912099998'", AssertError("17912099998", "personidentifikator.checkdigit").Message);
    }

    [Fact]
    public void Parse_throws_FormatException_with_message()
    {
        var ex = Assert.Throws<FormatException>(() => PersonIdentifier.Parse("12345"));
        Assert.Equal("personidentifikator '12345' must be 11 digits, got 5", ex.Message);
    }

    [Fact]
    public void Masked_keeps_only_the_check_digits() =>
        Assert.Equal("*********97", PersonIdentifier.Parse("17912099997").Masked);

    [Fact]
    public void Equality_is_by_value()
    {
        var a = PersonIdentifier.Parse("17912099997");
        var b = PersonIdentifier.Parse(new string("17912099997".AsSpan()));
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, PersonIdentifier.Parse("27129324169"));
    }

    [Theory]
    [InlineData(2020, 11, 17, 999, true, false, "17912099997")]
    [InlineData(1993, 12, 27, 241, false, false, "27129324169")]
    [InlineData(1990, 1, 1, 101, true, true, "41819010186")]
    [InlineData(1855, 1, 1, 500, false, false, "01015550089")]
    public void TryCreate_builds_known_identifiers(int y, int m, int d, int individual, bool synthetic, bool dNumber, string expected)
    {
        var id = PersonIdentifier.TryCreate(new DateOnly(y, m, d), individual, synthetic, dNumber);
        Assert.NotNull(id);
        Assert.Equal(expected, id.Value);
        Assert.Equal(dNumber, id.IsDNumber);
        Assert.Equal(synthetic, id.IsSynthetic);
    }

    [Theory]
    [InlineData(1990, 500)]  // 500-749 cannot encode 1990
    [InlineData(2005, 100)]  // 000-499 cannot encode 2005
    [InlineData(1855, 900)]  // 900-999 cannot encode 1855
    [InlineData(1945, 600)]  // 500-749 with YY 40-53: no century at all
    [InlineData(2040, 999)]  // no range encodes 2040 and later
    [InlineData(1853, 500)]  // nor 1853 and earlier
    [InlineData(1990, -1)]
    [InlineData(1990, 1000)]
    public void TryCreate_rejects_individual_numbers_outside_the_century(int year, int individual) =>
        Assert.Null(PersonIdentifier.TryCreate(new DateOnly(year, 6, 15), individual, synthetic: false));

    [Fact]
    public void TryCreate_returns_null_when_check_digit_is_10()
    {
        // K1 or K2 computes to 10 for roughly 2 in 11 prefixes; those must yield null, never a bad identifier.
        var nulls = Enumerable.Range(0, 500).Count(i => PersonIdentifier.TryCreate(new DateOnly(1990, 1, 1), i, false) is null);
        Assert.InRange(nulls, 40, 160);
    }

    [Fact]
    public void Every_parsed_identifier_is_reproduced_by_TryCreate()
    {
        // Exhaustive over every individual number of one synthetic D-number birth date.
        for (var i = 0; i < 1000; i++)
        {
            var id = PersonIdentifier.TryCreate(new DateOnly(2020, 11, 17), i, synthetic: true, dNumber: true);
            if (id is null)
                continue;
            var parsed = PersonIdentifier.Parse(id.Value);
            Assert.Equal(id, parsed);
            Assert.Equal(new DateOnly(2020, 11, 17), parsed.BirthDate);
        }
    }

    // ---- properties ----

    internal static Gen<PersonIdentifier> ValidIdentifiers =>
        from dayNumber in Gen.Choose(0, new DateOnly(2039, 12, 31).DayNumber - new DateOnly(1854, 1, 1).DayNumber)
        let date = DateOnly.FromDayNumber(new DateOnly(1854, 1, 1).DayNumber + dayNumber)
        from individual in date.Year switch
        {
            < 1900 => Gen.Choose(500, 749),
            < 1940 => Gen.Choose(0, 499),
            < 2000 => Gen.OneOf(Gen.Choose(0, 499), Gen.Choose(900, 999)),
            _ => Gen.Choose(500, 999),
        }
        from synthetic in ArbMap.Default.GeneratorFor<bool>()
        from dNumber in ArbMap.Default.GeneratorFor<bool>()
        let id = PersonIdentifier.TryCreate(date, individual, synthetic, dNumber)
        where id is not null
        select id;

    [Property]
    public Property Generated_identifiers_parse_back_with_same_birth_date_and_kind() =>
        Prop.ForAll(ValidIdentifiers.ToArbitrary(), id =>
            PersonIdentifier.TryParse(id.Value, out var parsed, out _)
            && parsed.BirthDate == id.BirthDate
            && parsed.IsDNumber == id.IsDNumber
            && parsed.IsSynthetic == id.IsSynthetic
            && parsed.Equals(id));

    [Property]
    public Property Check_agrees_with_TryParse_on_any_string_of_digits_and_other_characters() =>
        Prop.ForAll(
            Gen.OneOf(
                    ValidIdentifiers.Select(id => id.Value),
                    Gen.ArrayOf(Gen.Elements("0123456789a -".ToCharArray())).Select(c => new string(c)),
                    Gen.Constant<string>(null!))
                .ToArbitrary(),
            value => PersonIdentifier.TryParse(value, out _, out var error)
                ? PersonIdentifier.Check(value) is null
                : PersonIdentifier.Check(value) == error);

    [Property]
    public Property Changing_any_single_digit_makes_the_identifier_invalid() =>
        Prop.ForAll(
            (from id in ValidIdentifiers
             from position in Gen.Choose(0, 10)
             from delta in Gen.Choose(1, 9)
             select (id, position, delta)).ToArbitrary(),
            t =>
            {
                var chars = t.id.Value.ToCharArray();
                chars[t.position] = (char)('0' + (chars[t.position] - '0' + t.delta) % 10);
                // K2 covers all ten other digits with weights that are non-zero mod 11, so a single-digit
                // change can never keep the identifier valid.
                return !PersonIdentifier.TryParse(new string(chars), out _, out var error) && error.Code.StartsWith("personidentifikator.");
            });

    [Property]
    public Property Any_accepted_11_digit_string_is_what_TryCreate_builds() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 9), 11).Select(d => string.Concat(d)).ToArbitrary(),
            s =>
            {
                if (!PersonIdentifier.TryParse(s, out var id, out var error))
                    return error.Code is "personidentifikator.date" or "personidentifikator.checkdigit";
                var rebuilt = PersonIdentifier.TryCreate(id.BirthDate, int.Parse(s.AsSpan(6, 3)), id.IsSynthetic, id.IsDNumber);
                return rebuilt is not null && rebuilt.Value == s;
            });

    [Property]
    public Property Masked_hides_all_but_the_last_two_digits() =>
        Prop.ForAll(ValidIdentifiers.ToArbitrary(), id =>
            id.Masked.Length == 11 && id.Masked[..9] == "*********" && id.Masked[9..] == id.Value[9..]);

    private static ValidationError AssertError(string? value, string code)
    {
        Assert.False(PersonIdentifier.TryParse(value, out var id, out var error));
        Assert.Null(id);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
