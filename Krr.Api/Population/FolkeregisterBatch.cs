using System.Text.Json.Serialization;
using Krr.Grains.Population;

namespace Krr.Api.Population;

/// <summary><c>POST /folkeregister/hendelser</c> body: <c>{"hendelser": [...]}</c>.</summary>
public sealed record FolkeregisterBatch([property: JsonPropertyName("hendelser")] IReadOnlyList<FolkeregisterHendelse>? Hendelser);

/// <summary>The answer: how many events were applied, and how many were already applied before (replays).</summary>
public sealed record FolkeregisterBatchResult(
    [property: JsonPropertyName("anvendt")] int Applied,
    [property: JsonPropertyName("allerede_anvendt")] int Replayed);

/// <summary>One rejected event of a batch: its position, sequence number and what is wrong with it.</summary>
public sealed record InvalidEvent(
    [property: JsonPropertyName("indeks")] int Index,
    [property: JsonPropertyName("sekvensnummer")] long? Sequence,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
