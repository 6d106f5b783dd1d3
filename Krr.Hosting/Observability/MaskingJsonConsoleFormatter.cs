using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Krr.Grains.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Krr.Hosting.Observability;

/// <summary>
/// Structured JSON console formatter (<c>krr-json</c>), one object per line in the shape of the built-in
/// JSON formatter, with message, state values, scopes and exception passed through <see cref="PersonalDataMask.Scrub"/>.
/// </summary>
public sealed class MaskingJsonConsoleFormatter(IOptionsMonitor<MaskingJsonConsoleFormatterOptions> options)
    : MaskingFormatter<MaskingJsonConsoleFormatterOptions>(FormatterName, options)
{
    /// <summary>The formatter name, for <c>Logging:Console:FormatterName</c>.</summary>
    public const string FormatterName = "krr-json";

    /// <inheritdoc />
    protected override void Write<TState>(in LogEntry<TState> logEntry, string? message, IExternalScopeProvider? scopeProvider, TextWriter textWriter, MaskingJsonConsoleFormatterOptions options)
    {
        var writerOptions = options.JsonWriterOptions;
        if (writerOptions.Encoder is null)
        {
            writerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, writerOptions))
        {
            writer.WriteStartObject();
            if (options.TimestampFormat is { } format)
            {
                var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
                writer.WriteString("Timestamp", now.ToString(format, CultureInfo.InvariantCulture));
            }

            writer.WriteNumber("EventId", logEntry.EventId.Id);
            writer.WriteString("LogLevel", logEntry.LogLevel.ToString());
            writer.WriteString("Category", logEntry.Category);
            writer.WriteString("Message", PersonalDataMask.Scrub(message ?? string.Empty));
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("Exception", PersonalDataMask.Scrub(exception.ToString()));
            }

            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> state)
            {
                writer.WriteStartObject("State");
                writer.WriteString("Message", PersonalDataMask.Scrub(logEntry.State.ToString() ?? string.Empty));
                foreach (var pair in state)
                {
                    WriteValue(writer, pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            if (options.IncludeScopes && scopeProvider is not null)
            {
                writer.WriteStartArray("Scopes");
                scopeProvider.ForEachScope(static (scope, w) => WriteScope(w, scope), writer);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteScope(Utf8JsonWriter writer, object? scope)
    {
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            writer.WriteStartObject();
            writer.WriteString("Message", PersonalDataMask.Scrub(scope.ToString() ?? string.Empty));
            foreach (var pair in pairs)
            {
                WriteValue(writer, pair.Key, pair.Value);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStringValue(PersonalDataMask.Scrub(scope?.ToString() ?? string.Empty));
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case bool b:
                writer.WriteBoolean(key, b);
                break;
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                var masked = PersonalDataMask.Scrub(text);
                var finite = value switch { double d => double.IsFinite(d), float f => float.IsFinite(f), _ => true };
                if (masked == text && finite)
                {
                    writer.WritePropertyName(key);
                    writer.WriteRawValue(text, skipInputValidation: false);
                }
                else
                {
                    writer.WriteString(key, masked);
                }

                break;
            default:
                writer.WriteString(key, PersonalDataMask.Scrub(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                break;
        }
    }
}
