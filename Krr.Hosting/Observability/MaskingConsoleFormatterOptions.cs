using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace Krr.Hosting.Observability;

/// <summary>Options of <see cref="MaskingConsoleFormatter"/> (bound from <c>Logging:Console:FormatterOptions</c>).</summary>
public sealed class MaskingConsoleFormatterOptions : ConsoleFormatterOptions
{
}

/// <summary>Options of <see cref="MaskingJsonConsoleFormatter"/> (bound from <c>Logging:Console:FormatterOptions</c>).</summary>
public sealed class MaskingJsonConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Options of the JSON writer; without an encoder, a relaxed one keeps non-ASCII text readable.</summary>
    public JsonWriterOptions JsonWriterOptions { get; set; }
}
