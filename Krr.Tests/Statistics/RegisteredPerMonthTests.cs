using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Grains.Persons;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Statistics;

/// <summary>A past month's <c>registrerte</c> is the count at its end, not today's (migration 0043).</summary>
public sealed class RegisteredPerMonthTests(EmbeddedDeployment register) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task A_month_that_has_ended_keeps_the_count_at_its_end()
    {
        await register.Grains.GetPerson(TestIdentities.Next()).SetReservationAsync(true);
        var november = register.Clock.GetUtcNow();
        var atEnd = await RegisteredAsync(november);

        // Across the month end; the heartbeat's timer and the first question may take the figure, both before the change.
        var next = new DateTimeOffset(november.Year, november.Month, 1, 0, 0, 30, TimeSpan.Zero).AddMonths(1);
        register.Clock.SetUtcNow(next);
        Assert.Equal(atEnd, await RegisteredAsync(november));
        await register.Grains.GetPerson(TestIdentities.Next()).SetReservationAsync(true);

        Assert.Equal(atEnd, await RegisteredAsync(november));
        Assert.Equal(atEnd + 1, await RegisteredAsync(next));
    }

    private async Task<long> RegisteredAsync(DateTimeOffset month) =>
        (long)(await register.Http.GetFromJsonAsync<JsonObject>($"/statistikk/nokkeltall?maaned={month:yyyy-MM}"))!["registrerte"]!;
}
