using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Krr.Hosting.Observability;

/// <summary>OpenTelemetry, project metrics and masked console logs for the silo and the API.</summary>
public static class ObservabilityExtensions
{
    /// <summary>Meters exported besides <see cref="KrrMetrics.MeterName"/> and Npgsql's.</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        KrrMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
    ];

    /// <summary>Activity sources traced besides Npgsql's.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } =
    [
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
    ];

    /// <summary>
    /// Adds OpenTelemetry metrics and traces (exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// configured; traces are only recorded then), registers <see cref="KrrMetrics"/>, and makes the console logger use the masking formatters
    /// (<c>krr</c> by default, <c>krr-json</c> when <c>Logging:Console:FormatterName</c> is <c>krr-json</c> or <c>json</c>).
    /// Logs are not exported over OTLP: they leave the process only through the masking console formatters.
    /// </summary>
    public static IHostApplicationBuilder AddKrrObservability(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        builder.Logging.AddKrrMaskedConsole();

        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<KrrMetrics>();

        var exportOtlp = ExportsOtlp(builder.Configuration);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters])
                    .AddNpgsqlInstrumentation()
                    .AddRuntimeInstrumentation();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // Without an exporter no source is listened to, so no request, command or grain call records an activity.
                if (exportOtlp)
                {
                    tracing.AddSource([.. ActivitySources])
                        .AddNpgsql()
                        .AddOtlpExporter();
                }
            });

        return builder;
    }

    /// <summary>Whether metrics and traces leave the process (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set); traces are only recorded then.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[KrrConfigurationKeys.OtlpEndpoint]);

    /// <summary>
    /// Adds the console logger with the masking formatters and selects one: <c>krr-json</c> when
    /// <c>Logging:Console:FormatterName</c> asks for JSON (<c>krr-json</c> or <c>json</c>), otherwise <c>krr</c>.
    /// Every other formatter name is replaced, so console output is always masked. Scopes are off unless
    /// <c>Logging:Console:FormatterOptions:IncludeScopes</c> turns them on.
    /// </summary>
    public static ILoggingBuilder AddKrrMaskedConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);

        logging.AddConsole();
        logging.AddConsoleFormatter<MaskingConsoleFormatter, MaskingConsoleFormatterOptions>();
        logging.AddConsoleFormatter<MaskingJsonConsoleFormatter, MaskingJsonConsoleFormatterOptions>();
        logging.Services.PostConfigure<ConsoleLoggerOptions>(options =>
            options.FormatterName = IsJson(options.FormatterName)
                ? MaskingJsonConsoleFormatter.FormatterName
                : MaskingConsoleFormatter.FormatterName);
        return logging;
    }

    private static bool IsJson(string? formatterName) =>
        string.Equals(formatterName, MaskingJsonConsoleFormatter.FormatterName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(formatterName, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase);
}
