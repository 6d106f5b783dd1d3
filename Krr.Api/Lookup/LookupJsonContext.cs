using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(LookupResponse))]
internal sealed partial class LookupJsonContext : JsonSerializerContext;
