using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Api;

/// <summary>varslingsstatus is computed at read time: moving the register's clock across 18 months flips it with no write.</summary>
public sealed class ClockTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task A_person_becomes_unreachable_the_moment_the_last_fresh_channel_turns_18_months_old()
    {
        var identifier = TestIdentities.Next();
        var email = TestIdentities.Email();
        var confirmed = deployment.Clock.GetUtcNow().AddMonths(-17);
        await deployment.Grains.GetPerson(identifier).SeedAsync(new PersonRecord
        {
            Identifier = identifier,
            Email = new ContactChannelRecord { Value = email, Normalized = EmailAddress.Parse(email).Normalized, Updated = confirmed },
            Updated = confirmed,
        });
        Assert.Equal("KAN_VARSLES", await StatusAsync(identifier));

        deployment.Clock.SetUtcNow(confirmed.AddMonths(18).AddSeconds(-1));
        Assert.Equal("KAN_VARSLES", await StatusAsync(identifier));

        deployment.Clock.SetUtcNow(confirmed.AddMonths(18));
        Assert.Equal("KAN_IKKE_VARSLES", await StatusAsync(identifier));

        await deployment.Grains.GetPerson(identifier).ConfirmAsync();
        Assert.Equal("KAN_VARSLES", await StatusAsync(identifier));
    }

    private async Task<string?> StatusAsync(string identifier) =>
        (string?)Assert.Single(await deployment.PersonsAsync("v2", [identifier], "krr:global/kontaktinformasjon.read"))!["varslingsstatus"];
}
