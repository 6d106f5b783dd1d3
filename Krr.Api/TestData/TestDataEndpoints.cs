using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Krr.Api.Auth;
using Krr.Api.Wire;
using Krr.Grains.Domain;
using Krr.Hosting;

namespace Krr.Api.TestData;

/// <summary>
/// Tenor-style test data (SPEC §12) for operators of development and test deployments: search with count and
/// pages, download of the whole result streamed as CSV or JSON, and creation of synthetic test persons.
/// Not mapped at all when <c>Krr:TestData:Enabled</c> is false, which is the default in Production.
/// </summary>
public static class TestDataEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private static readonly JsonTypeInfo<NewTestPerson> NewTestPersonType = (JsonTypeInfo<NewTestPerson>)JsonSerializerOptions.Web.GetTypeInfo(typeof(NewTestPerson));

    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue(KrrConfigurationKeys.TestDataEnabled, !environment.IsProduction());

    public static IServiceCollection AddTestData(this IServiceCollection services)
    {
        services.AddSingleton<TestDataSearch>();
        services.AddSingleton<TestPersonFactory>();
        return services;
    }

    public static IEndpointRouteBuilder MapTestData(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/testdata").RequireAuthorization(KrrPolicies.Operator);
        group.MapGet("/personer", async (HttpContext http, TestDataSearch search, string? etter, int? antall) =>
        {
            if (Filter(http, out var filter) is { } problem)
                return problem;
            if (antall is < 1 or > MaxPageSize)
                return Invalid([new("antall.invalid", $"antall {antall} must be 1 to {MaxPageSize}")]);
            // The cursor is the last identifier of the previous page: 11 digits, so nothing else reaches the SQL.
            if (etter is not null && (etter.Length != 11 || !etter.All(char.IsAsciiDigit)))
                return Invalid([new("etter.invalid", "etter must be the 11-digit personidentifikator that ended the previous page")]);
            return Results.Ok(await search.PageAsync(filter, etter, antall ?? DefaultPageSize, http.RequestAborted));
        });
        group.MapGet("/personer.csv", (HttpContext http, TestDataSearch search) =>
            Filter(http, out var filter) ?? Results.Stream(
                body => TestDataDownload.WriteCsvAsync(body, search.AllAsync(filter, http.RequestAborted)), TestDataDownload.CsvType, TestDataDownload.CsvName));
        group.MapGet("/personer.json", (HttpContext http, TestDataSearch search) =>
            Filter(http, out var filter) ?? Results.Stream(
                body => TestDataDownload.WriteJsonAsync(body, search.AllAsync(filter, http.RequestAborted), http.RequestAborted), TestDataDownload.JsonType, TestDataDownload.JsonName));
        group.MapPost("/personer", async (HttpContext http, TestPersonFactory factory) =>
        {
            // Read with JsonBody rather than bound by the framework, so a malformed body is answered with what is wrong.
            var (request, malformed) = await JsonBody.ReadAsync(http.Request, NewTestPersonType, """{"foedselsdato": "yyyy-MM-dd", ...}""");
            if (malformed is not null || request is null)
            {
                return malformed ?? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing body", detail: "The body must be a JSON object.");
            }
            if (request.Validate() is { Count: > 0 } errors)
            {
                return Invalid(errors);
            }
            return await factory.CreateAsync(request) is { } identifier
                ? Results.Json(new Dictionary<string, string> { ["personidentifikator"] = identifier }, statusCode: StatusCodes.Status201Created)
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No synthetic identity left",
                    detail: $"Every synthetic identity for foedselsdato {request.BirthDate ?? NewTestPerson.DefaultBirthDate:yyyy-MM-dd} is taken; choose another foedselsdato.");
        });
        return app;
    }

    private static IResult? Filter(HttpContext http, out TestDataFilter filter) =>
        TestDataFilter.TryParse(http.Request.Query, out filter, out var errors) ? null : Invalid(errors);

    private static IResult Invalid(List<ValidationError> errors) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid test data request",
            detail: string.Join("; ", errors.Select(e => e.Message)),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
