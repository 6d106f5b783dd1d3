using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Krr.Hosting.Observability;

/// <summary>
/// What both masking formatters share: following option changes, and skipping entries with nothing to write.
/// Subclasses write the masked entry.
/// </summary>
public abstract class MaskingFormatter<TOptions> : ConsoleFormatter, IDisposable
    where TOptions : ConsoleFormatterOptions
{
    private readonly IDisposable? _reload;
    private TOptions _options;

    protected MaskingFormatter(string name, IOptionsMonitor<TOptions> options)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    public sealed override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        Write(logEntry, message, scopeProvider, textWriter, _options);
    }

    protected abstract void Write<TState>(in LogEntry<TState> logEntry, string? message, IExternalScopeProvider? scopeProvider, TextWriter textWriter, TOptions options);

    public void Dispose()
    {
        _reload?.Dispose();
        GC.SuppressFinalize(this);
    }
}
