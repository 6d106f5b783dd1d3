using System.Text;
using Krr.Grains.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Krr.Hosting.Observability;

/// <summary>
/// Single-line console formatter (<c>krr</c>) like the simple formatter, with message, scopes and exception
/// passed through <see cref="PersonalDataMask.Scrub"/>.
/// </summary>
public sealed class MaskingConsoleFormatter(IOptionsMonitor<MaskingConsoleFormatterOptions> options)
    : MaskingFormatter<MaskingConsoleFormatterOptions>(FormatterName, options)
{
    /// <summary>The formatter name, for <c>Logging:Console:FormatterName</c>.</summary>
    public const string FormatterName = "krr";

    /// <inheritdoc />
    protected override void Write<TState>(in LogEntry<TState> logEntry, string? message, IExternalScopeProvider? scopeProvider, TextWriter textWriter, MaskingConsoleFormatterOptions options)
    {
        var line = new StringBuilder(128);
        if (options.TimestampFormat is { } format)
        {
            var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            line.Append(now.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }

        line.Append(LevelText(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id).Append(']');

        if (options.IncludeScopes && scopeProvider is not null)
        {
            scopeProvider.ForEachScope(
                static (scope, sb) =>
                {
                    if (scope is not null)
                    {
                        sb.Append(" => ").Append(OneLine(PersonalDataMask.Scrub(scope.ToString() ?? string.Empty)));
                    }
                },
                line);
        }

        if (!string.IsNullOrEmpty(message))
        {
            line.Append(' ').Append(OneLine(PersonalDataMask.Scrub(message)));
        }

        if (logEntry.Exception is { } exception)
        {
            line.Append(' ').Append(OneLine(PersonalDataMask.Scrub(exception.ToString())));
        }

        line.Append(Environment.NewLine);
        textWriter.Write(line.ToString());
    }

    internal static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')
            : text;

    private static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
