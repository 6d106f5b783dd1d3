using System.Diagnostics.Metrics;
using Krr.Hosting.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Krr.Tests.Operations;

public sealed class ObservabilityRegistrationTests
{
    [Fact]
    public void AddKrrObservability_registers_KrrMetrics_as_a_singleton_whose_counter_a_listener_sees()
    {
        using var host = BuildHost();
        var metrics = host.Services.GetRequiredService<KrrMetrics>();
        Assert.Same(metrics, host.Services.GetRequiredService<KrrMetrics>());

        long persons = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KrrMetrics.MeterName && instrument.Name == "krr.lookup.persons")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (ReferenceEquals(instrument, metrics.PersonsLookedUp))
            {
                Interlocked.Add(ref persons, value);
            }
        });
        listener.Start();

        metrics.PersonsLookedUp.Add(2);
        metrics.RecordLookup("v1", 3, TimeSpan.FromMilliseconds(12));

        Assert.Equal(5, Interlocked.Read(ref persons));
    }

    [Fact]
    public void Instruments_have_the_agreed_names_units_and_version_tag()
    {
        using var host = BuildHost();
        var metrics = host.Services.GetRequiredService<KrrMetrics>();

        Assert.Equal("krr.lookup.persons", metrics.PersonsLookedUp.Name);
        Assert.Equal("krr.lookup.duration", metrics.LookupDuration.Name);
        Assert.Equal("ms", metrics.LookupDuration.Unit);
        Assert.Equal("krr.lookup.requests", metrics.LookupRequests.Name);
        Assert.Equal(KrrMetrics.MeterName, metrics.LookupRequests.Meter.Name);

        string? version = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, metrics.LookupRequests))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == KrrMetrics.VersionTag)
                {
                    version = tag.Value as string;
                }
            }
        });
        listener.Start();

        metrics.RecordLookup("v2", 1, TimeSpan.FromMilliseconds(1));

        Assert.Equal("v2", version);
    }

    [Theory]
    [InlineData(null, MaskingConsoleFormatter.FormatterName)]
    [InlineData("simple", MaskingConsoleFormatter.FormatterName)]
    [InlineData("systemd", MaskingConsoleFormatter.FormatterName)]
    [InlineData("krr", MaskingConsoleFormatter.FormatterName)]
    [InlineData("krr-json", MaskingJsonConsoleFormatter.FormatterName)]
    [InlineData("json", MaskingJsonConsoleFormatter.FormatterName)]
    public void Console_logger_always_uses_a_masking_formatter(string? configured, string expected)
    {
        using var host = BuildHost(new() { ["Logging:Console:FormatterName"] = configured });

        var options = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(expected, options.FormatterName);
        Assert.Contains(host.Services.GetServices<ConsoleFormatter>(), f => f.Name == expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://127.0.0.1:4317")]
    public void Providers_build_with_and_without_an_OTLP_endpoint(string? endpoint)
    {
        using var host = BuildHost(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });

        Assert.NotNull(host.Services.GetRequiredService<MeterProvider>());
        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
    }

    private static IHost BuildHost(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.AddKrrObservability("krr-tests");
        return builder.Build();
    }
}
