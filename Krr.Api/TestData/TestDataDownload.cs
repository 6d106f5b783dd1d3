using System.Text;
using System.Text.Json;

namespace Krr.Api.TestData;

/// <summary>"Last ned søkedata": the whole search result written as it is read, as CSV or a JSON array, for the API and the page.</summary>
public static class TestDataDownload
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string JsonType = "application/json";
    public const string CsvName = "testdata.csv";
    public const string JsonName = "testdata.json";

    public static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<TestPersonRow> rows)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false));
        await writer.WriteAsync(TestPersonRow.CsvHeader + "\n");
        await foreach (var row in rows)
            await writer.WriteAsync(row.ToCsv() + "\n");
    }

    public static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<TestPersonRow> rows, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartArray();
        await foreach (var row in rows)
        {
            // Serialize(writer, …) would flush synchronously into the response; a raw value only buffers.
            writer.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(row), skipInputValidation: true);
            // Hand each few kilobytes to the response instead of building the document in memory.
            if (writer.BytesPending > 16_384)
                await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
    }
}
