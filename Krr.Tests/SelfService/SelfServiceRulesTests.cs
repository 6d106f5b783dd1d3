using Krr.Api.Wire;
using Krr.Grains.Domain;
using Microsoft.AspNetCore.Http;

namespace Krr.Tests.SelfService;

/// <summary>The 90-day confirmation rule, the 16/18-month channel states, and the citizen texts.</summary>
public sealed class SelfServiceRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Confirmation_is_due_every_90_days_and_when_nothing_is_registered()
    {
        Assert.True(ConfirmationSchedule.IsDue([], T0));
        Assert.False(ConfirmationSchedule.IsDue([T0], T0.AddDays(90).AddTicks(-1)));
        Assert.True(ConfirmationSchedule.IsDue([T0], T0.AddDays(90)));
        Assert.True(ConfirmationSchedule.IsDue([T0.AddDays(80), T0], T0.AddDays(90)));
        Assert.True(ConfirmationSchedule.IsDue([null], T0));
    }

    [Fact]
    public void A_channel_is_expiring_from_16_months_and_expired_from_18_calendar_months()
    {
        Assert.Equal(ChannelFreshness.Fresh, ConfirmationSchedule.Freshness(T0, T0.AddMonths(16).AddTicks(-1)));
        Assert.Equal(ChannelFreshness.Expiring, ConfirmationSchedule.Freshness(T0, T0.AddMonths(16)));
        Assert.Equal(ChannelFreshness.Expiring, ConfirmationSchedule.Freshness(T0, T0.AddMonths(18).AddTicks(-1)));
        Assert.Equal(ChannelFreshness.Expired, ConfirmationSchedule.Freshness(T0, T0.AddMonths(18)));
        // 31 January + 18 months is 31 July; + 16 months is 31 May.
        Assert.Equal(ChannelFreshness.Expiring, ConfirmationSchedule.Freshness(T0, new DateTimeOffset(2027, 7, 30, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("mobil.missing")]
    [InlineData("mobil.invalid")]
    [InlineData("epost.missing")]
    [InlineData("epost.invalid")]
    [InlineData("epost.length")]
    [InlineData("spraak.invalid")]
    public void Every_validation_code_of_the_domain_has_a_text_in_each_language(string code)
    {
        var texts = new[] { Texts.Bokmaal, Texts.Nynorsk, Texts.English }.Select(language => Texts.For(code, language)).ToList();

        Assert.All(texts, text => Assert.False(string.IsNullOrWhiteSpace(text)));
        Assert.NotEqual(texts[0], texts[2]);
    }

    [Theory]
    [InlineData(null, "nb")]
    [InlineData("en", "en")]
    [InlineData("nn-NO", "nn")]
    [InlineData("no", "nb")]
    [InlineData("de, en;q=0.5, nn;q=0.8", "nn")]
    [InlineData("de", "nb")]
    public void The_language_is_the_callers_first_choice_of_nb_nn_en(string? header, string expected)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers.AcceptLanguage = header;
        }
        Assert.Equal(expected, Texts.Language(http.Request));
    }

    [Fact]
    public void The_domain_codes_the_tests_list_are_the_ones_the_domain_produces()
    {
        string?[] inputs = ["", "123", "+4700000000"];
        var mobileCodes = inputs.Select(i => MobileNumber.TryParse(i, out _, out var e) ? null : e.Code).ToHashSet();
        Assert.Equal(["mobil.invalid", "mobil.missing"], mobileCodes.Order());
        Assert.False(Language.TryParse("de", out _, out var languageError));
        Assert.Equal("spraak.invalid", languageError.Code);
    }
}
