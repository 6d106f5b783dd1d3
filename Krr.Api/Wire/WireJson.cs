using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Krr.Api.Wire;

/// <summary>JSON of the citizen and provider APIs: the register's own field names, null fields omitted (SPEC §3).</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Norwegian letters as themselves ("på", not "p\u00E5"); HTML-sensitive characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    /// <summary>Reads the body as <typeparamref name="T"/>; null when it is missing or not JSON of that shape.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
