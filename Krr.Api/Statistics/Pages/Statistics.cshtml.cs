using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Krr.Api.Statistics.Pages;

/// <summary>
/// The published statistics (<c>/statistikk</c>, SPEC §11) with charts: this month's key figures, the last twelve
/// months, the age table and reserved per county, from <see cref="StatisticsQueries"/> like the JSON and CSV.
/// Open to all, like those endpoints: aggregates only.
/// </summary>
public sealed class StatisticsModel(StatisticsQueries queries, RegisterClock clock) : PageModel
{
    private const int Months = 12;

    public IReadOnlyList<KeyFigures> History { get; private set; } = [];

    public KeyFigures Current => History[^1];

    public IReadOnlyList<AgeGroupRow> Ages { get; private set; } = [];

    public ReservedByArea Reserved { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var now = clock.UtcNow;
        History = await queries.HistoryAsync(new DateOnly(now.Year, now.Month, 1), Months, HttpContext.RequestAborted);
        Ages = await queries.AgeTableAsync(HttpContext.RequestAborted);
        Reserved = await queries.ReservedByAreaAsync(HttpContext.RequestAborted);
    }
}
