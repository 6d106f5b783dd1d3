using System.Globalization;
using System.Text;

namespace Krr.Api.Statistics;

/// <summary>
/// Published statistics (SPEC §11) as JSON and CSV. Aggregates only, no person in them, so they are open like
/// the register's published figures.
/// </summary>
public static class StatisticsEndpoints
{
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddSingleton<StatisticsQueries>();
        services.AddHostedService<UptimeHeartbeat>();
        return services;
    }

    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/statistikk").AllowAnonymous();
        group.MapGet("/nokkeltall", async (string? maaned, StatisticsQueries queries, RegisterClock clock, CancellationToken ct) =>
            ParseMonth(maaned, clock) is { } month
                ? Results.Ok(await queries.KeyFiguresAsync(month, ct))
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid month",
                    detail: $"maaned '{maaned}' must be a month as yyyy-MM, e.g. 2026-11."));
        group.MapGet("/alder", async (StatisticsQueries queries, CancellationToken ct) => Results.Ok(await queries.AgeTableAsync(ct)));
        group.MapGet("/alder.csv", async (StatisticsQueries queries, CancellationToken ct) =>
            Csv("aldersgruppe,innbyggere,andel_postkasser_prosent,andel_reservert_prosent",
                (await queries.AgeTableAsync(ct)).Select(r => $"{r.Group},{r.Residents},{Number(r.MailboxPercent)},{Number(r.ReservedPercent)}")));
        group.MapGet("/reservasjoner", async (StatisticsQueries queries, CancellationToken ct) => Results.Ok(await queries.ReservedByAreaAsync(ct)));
        group.MapGet("/reservasjoner.csv", async (StatisticsQueries queries, CancellationToken ct) =>
        {
            var area = await queries.ReservedByAreaAsync(ct);
            return Csv("niva,nummer,navn,innbyggere,reserverte,andel_reservert_prosent",
                area.Counties.Select(r => Line("fylke", r)).Concat(area.Municipalities.Select(r => Line("kommune", r))));
        });
        return app;
    }

    private static DateOnly? ParseMonth(string? value, RegisterClock clock)
    {
        if (value is null)
        {
            var now = clock.UtcNow;
            return new DateOnly(now.Year, now.Month, 1);
        }
        return DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
    }

    private static string Line(string level, ReservedRow r) =>
        $"{level},{r.Number},{r.Name},{r.Residents},{r.Reserved},{Number(r.ReservedPercent)}";

    private static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static IResult Csv(string header, IEnumerable<string> lines) =>
        Results.Text(string.Join('\n', lines.Prepend(header)) + "\n", "text/csv; charset=utf-8", Encoding.UTF8);
}
