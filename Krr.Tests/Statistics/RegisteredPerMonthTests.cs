using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Grains.Persons;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Statistics;

/// <summary>A month that has ended answers <c>registrerte</c> as at its end, not today's count (migration 0045).</summary>
public sealed class RegisteredPerMonthTests(EmbeddedDeployment register) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task Each_month_that_has_ended_keeps_the_count_at_its_end_across_two_month_ends()
    {
        var first = TestIdentities.Next();
        await register.Grains.GetPerson(first).SetReservationAsync(true);
        var december = register.Clock.GetUtcNow();
        var atFirstEnd = await RegisteredAsync(december);

        // Across the month end. The compactor's tick or the first question keeps the figure, both before the next change.
        var january = MonthStart(december).AddMonths(1).AddSeconds(30);
        register.Clock.SetUtcNow(january);
        Assert.Equal(atFirstEnd, await RegisteredAsync(december));
        await register.Grains.GetPerson(TestIdentities.Next()).SetReservationAsync(true);
        Assert.Equal(atFirstEnd, await RegisteredAsync(december));
        Assert.Equal(atFirstEnd + 1, await RegisteredAsync(january));

        await register.Grains.GetPerson(first).DeleteAsync();
        Assert.Equal(atFirstEnd, await RegisteredAsync(january));

        // This time nobody asks: the compactor beside the silo keeps January's figure on its own.
        var february = MonthStart(january).AddMonths(1).AddSeconds(30);
        register.Clock.SetUtcNow(february);
        await KeptByTheCompactorAsync(MonthStart(january));
        await register.Grains.GetPerson(TestIdentities.Next()).SetReservationAsync(true);
        Assert.Equal(atFirstEnd, await RegisteredAsync(december));
        Assert.Equal(atFirstEnd, await RegisteredAsync(january));
        Assert.Equal(atFirstEnd + 1, await RegisteredAsync(february));
    }

    [Fact]
    public async Task A_month_that_ended_before_any_figure_was_kept_has_none_and_asking_keeps_none()
    {
        var longAgo = MonthStart(register.Clock.GetUtcNow()).AddYears(-3);
        var figures = await register.Http.GetFromJsonAsync<JsonObject>($"/statistikk/nokkeltall?maaned={longAgo:yyyy-MM}");
        Assert.Equal($"{longAgo:yyyy-MM}", (string)figures!["maaned"]!);
        Assert.Null(figures["registrerte"]);
        await using var command = register.Database.CreateCommand("SELECT count(*) FROM krr_registered_month WHERE month = $1");
        command.Parameters.AddWithValue(DateOnly.FromDateTime(longAgo.UtcDateTime));
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    private async Task KeptByTheCompactorAsync(DateTimeOffset month)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await using var command = register.Database.CreateCommand("SELECT count(*) FROM krr_registered_month WHERE month = $1");
        command.Parameters.AddWithValue(DateOnly.FromDateTime(month.UtcDateTime));
        while ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the compactor kept no figure for {month:yyyy-MM}");
            await Task.Delay(200);
        }
    }

    private static DateTimeOffset MonthStart(DateTimeOffset instant) => new(instant.Year, instant.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<long> RegisteredAsync(DateTimeOffset month) =>
        (long)(await register.Http.GetFromJsonAsync<JsonObject>($"/statistikk/nokkeltall?maaned={month:yyyy-MM}"))!["registrerte"]!;
}
