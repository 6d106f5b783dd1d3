using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(PersonResponse))]
[JsonSerializable(typeof(string))]
internal sealed partial class LookupJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context answers are written with: <c>+4798765432</c> and <c>+01:00</c> as the register writes them, not
    /// as <c>\u002B</c>. The answer is JSON for API clients, never embedded in HTML, so HTML-safe escaping buys nothing.
    /// </summary>
    public static LookupJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
