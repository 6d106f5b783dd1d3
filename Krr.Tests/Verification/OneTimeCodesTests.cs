using Krr.Grains.Verification;

namespace Krr.Tests.Verification;

public sealed class OneTimeCodesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Codes_are_six_digits_and_spread_over_the_whole_range()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => OneTimeCodes.Generate()).ToList();

        Assert.All(codes, code => Assert.Matches("^[0-9]{6}$", code));
        Assert.Contains(codes, code => code[0] == '0'); // leading zeros are kept, not dropped
        Assert.True(codes.Distinct().Count() > 1990);
    }

    [Fact]
    public void A_code_matches_only_its_own_salted_hash()
    {
        var salt = OneTimeCodes.NewSalt();
        var hash = OneTimeCodes.Hash("012345", salt);

        Assert.True(OneTimeCodes.Matches("012345", salt, hash));
        Assert.False(OneTimeCodes.Matches("012346", salt, hash));
        Assert.False(OneTimeCodes.Matches("12345", salt, hash));
        Assert.False(OneTimeCodes.Matches(" 012345", salt, hash));
        Assert.False(OneTimeCodes.Matches("01234a", salt, hash));
        Assert.False(OneTimeCodes.Matches(null, salt, hash));
        Assert.False(OneTimeCodes.Matches("012345", OneTimeCodes.NewSalt(), hash));
        Assert.NotEqual(hash, OneTimeCodes.Hash("012345", OneTimeCodes.NewSalt()));
    }

    [Fact]
    public void At_most_three_sends_in_fifteen_minutes()
    {
        List<DateTimeOffset> sends = [T0, T0.AddMinutes(5), T0.AddMinutes(10)];

        Assert.Null(OneTimeCodes.NextSendAllowed(OneTimeCodes.InWindow(sends.Take(2), T0.AddMinutes(10))));
        Assert.Equal(T0.AddMinutes(15), OneTimeCodes.NextSendAllowed(OneTimeCodes.InWindow(sends, T0.AddMinutes(11))));
        Assert.Equal(T0.AddMinutes(15), OneTimeCodes.NextSendAllowed(OneTimeCodes.InWindow(sends, T0.AddMinutes(14).AddSeconds(59))));
        Assert.Null(OneTimeCodes.NextSendAllowed(OneTimeCodes.InWindow(sends, T0.AddMinutes(15))));
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(10)], OneTimeCodes.InWindow(sends, T0.AddMinutes(15)));
    }

    [Fact]
    public void Keys_carry_a_non_hex_prefix_and_round_trip()
    {
        var key = OneTimeCodeKey.For("17912099997", Grains.Persons.ContactChannel.Mobile);

        Assert.Equal("otp:17912099997:mobil", key);
        Assert.Equal(("17912099997", Grains.Persons.ContactChannel.Email), OneTimeCodeKey.Parse(OneTimeCodeKey.For("17912099997", Grains.Persons.ContactChannel.Email)));
        Assert.Throws<ArgumentException>(() => OneTimeCodeKey.Parse("person:17912099997"));
    }
}
