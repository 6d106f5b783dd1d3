using Krr.Api.Web;
using Krr.Grains.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Krr.Api.TestData.Pages;

/// <summary>
/// The Tenor-style test data search (<c>/testdata</c>): a GET form with the API's filter names, "N treff", a paged
/// list and "Last ned søkedata" as CSV or JSON, streamed like the API's download. 404 when test data is off.
/// </summary>
public sealed class SearchModel(IServiceProvider services) : PageModel
{
    private const int PageSize = 20;

    public static IReadOnlyList<(string Name, string TextKey, string[] Values)> Filters { get; } =
    [
        ("status", "testdata.status", ["AKTIV", "SLETTET", "IKKE_REGISTRERT"]),
        ("varslingsstatus", "testdata.varslingsstatus", ["KAN_VARSLES", "KAN_IKKE_VARSLES"]),
        ("spraak", "testdata.maalform", ["nb", "nn", "en", "se"]),
        ("reservasjon", "testdata.reservasjon", ["JA", "NEI"]),
        ("har_mobil", "testdata.har-mobil", ["JA", "NEI"]),
        ("har_epost", "testdata.har-epost", ["JA", "NEI"]),
    ];

    public TestDataPage? Result { get; private set; }

    public IReadOnlyList<ValidationError> Errors { get; private set; } = [];

    /// <summary>The query without the paging cursor, for the download links and the next page.</summary>
    public string FilterQuery => QueryString.Create(Request.Query.Where(q => q.Key is not ("etter" or "handler"))
        .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value))).ToString();

    public string? Selected(string name) => Request.Query[name].FirstOrDefault();

    public async Task<IActionResult> OnGetAsync(string? etter)
    {
        if (services.GetService<TestDataSearch>() is not { } search)
        {
            return NotFound();
        }
        if (Filter() is not { } filter)
        {
            return Page();
        }
        Result = await search.PageAsync(filter, etter, PageSize, HttpContext.RequestAborted);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync() => DownloadAsync(TestDataDownload.CsvType, TestDataDownload.CsvName,
        (body, rows) => TestDataDownload.WriteCsvAsync(body, rows));

    public Task<IActionResult> OnGetJsonAsync() => DownloadAsync(TestDataDownload.JsonType, TestDataDownload.JsonName,
        (body, rows) => TestDataDownload.WriteJsonAsync(body, rows, HttpContext.RequestAborted));

    private async Task<IActionResult> DownloadAsync(string type, string name, Func<Stream, IAsyncEnumerable<TestPersonRow>, Task> write)
    {
        if (services.GetService<TestDataSearch>() is not { } search)
        {
            return NotFound();
        }
        if (Filter() is not { } filter)
        {
            return Page();
        }
        Response.ContentType = type;
        Response.Headers.ContentDisposition = $"attachment; filename={name}";
        await write(Response.Body, search.AllAsync(filter, HttpContext.RequestAborted));
        return new EmptyResult();
    }

    private TestDataFilter? Filter()
    {
        // An empty choice in the form means "any", as an absent parameter does for the API.
        var query = new QueryCollection(Request.Query.Where(q => !string.IsNullOrEmpty(q.Value)).ToDictionary(q => q.Key, q => q.Value));
        if (TestDataFilter.TryParse(query, out var filter, out var errors))
        {
            return filter;
        }
        Errors = errors;
        return null;
    }

    public static string ErrorText(PageText text, ValidationError error) => text[PageTexts.ErrorKey(error)];
}
