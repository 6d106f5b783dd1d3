using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class LanguageTests
{
    [Theory]
    [InlineData("nb", "nb")]
    [InlineData("nn", "nn")]
    [InlineData("en", "en")]
    [InlineData("se", "se")]
    [InlineData("NB", "nb")]
    [InlineData("Nn", "nn")]
    [InlineData(" en ", "en")]
    public void Supported_codes_normalise_to_lower_case(string value, string code)
    {
        Assert.True(Language.TryParse(value, out var language, out var error), error?.Message);
        Assert.Equal(code, language.Code);
        Assert.Equal(code, language.ToString());
        Assert.Same(Language.All.Single(l => l.Code == code), language);
    }

    [Fact]
    public void Static_instances()
    {
        Assert.Equal("nb", Language.Bokmaal.Code);
        Assert.Equal("nn", Language.Nynorsk.Code);
        Assert.Equal("en", Language.English.Code);
        Assert.Equal("se", Language.NorthernSami.Code);
        Assert.Equal(4, Language.All.Count);
        Assert.Same(Language.Nynorsk, Language.Parse("NN"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no")]
    [InlineData("sv")]
    [InlineData("nob")]
    [InlineData("n")]
    [InlineData("nb-NO")]
    [InlineData("sme")]
    public void Anything_else_is_spraak_invalid_listing_allowed_values(string? value)
    {
        Assert.False(Language.TryParse(value, out var language, out var error));
        Assert.Null(language);
        Assert.Equal("spraak.invalid", error.Code);
        Assert.Contains("nb, nn, en, se", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Parse_throws_FormatException() =>
        Assert.Contains("'sv'", Assert.Throws<FormatException>(() => Language.Parse("sv")).Message);
}
