using System.Text.Json;
using Krr.Hosting.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Krr.Tests.Operations;

public sealed class MaskingLogFormatterTests
{
    private const string Identifier = "01017012345";
    private const string Email = "ola.nordmann@example.com";
    private const string Phone = "+4798765432";

    [Theory]
    [InlineData(MaskingConsoleFormatter.FormatterName)]
    [InlineData(MaskingJsonConsoleFormatter.FormatterName)]
    public void Message_with_identifier_email_and_phone_is_masked(string formatterName)
    {
        var output = Log(formatterName, logger =>
            logger.LogInformation("Lookup of {Pid} with {Email} and {Mobile}", Identifier, Email, Phone));

        AssertNoPersonalData(output);
        Assert.Contains("Lookup of", output);
        Assert.Contains("Krr.Tests.Category", output);
    }

    [Theory]
    [InlineData(MaskingConsoleFormatter.FormatterName)]
    [InlineData(MaskingJsonConsoleFormatter.FormatterName)]
    public void Exception_text_is_masked(string formatterName)
    {
        var exception = new InvalidOperationException($"Person {Identifier} has {Email}, {Phone}");

        var output = Log(formatterName, logger => logger.LogError(exception, "Update failed"));

        AssertNoPersonalData(output);
        Assert.Contains("Update failed", output);
        Assert.Contains(nameof(InvalidOperationException), output);
    }

    [Fact]
    public void Simple_formatter_writes_one_line_per_entry()
    {
        var exception = new InvalidOperationException($"line one {Identifier}\nline two");

        var output = Log(MaskingConsoleFormatter.FormatterName, logger =>
        {
            logger.LogWarning(new EventId(7), exception, "First");
            logger.LogInformation("Second");
        });

        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("warn: Krr.Tests.Category[7] First ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("info: Krr.Tests.Category[0] Second", lines[1], StringComparison.Ordinal);
        AssertNoPersonalData(output);
    }

    [Fact]
    public void Json_formatter_masks_structured_values()
    {
        var output = Log(MaskingJsonConsoleFormatter.FormatterName, logger =>
            logger.LogInformation("Lookup of {Pid} {Email} {Mobile} {Number} {Count}", Identifier, Email, Phone, 12345678901L, 3));

        AssertNoPersonalData(output);
        Assert.DoesNotContain("12345678901", output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("Krr.Tests.Category", root.GetProperty("Category").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("Lookup of {Pid} {Email} {Mobile} {Number} {Count}", state.GetProperty("{OriginalFormat}").GetString());
        Assert.Equal(JsonValueKind.String, state.GetProperty("Pid").ValueKind);
        Assert.Equal(JsonValueKind.String, state.GetProperty("Number").ValueKind);
        Assert.Equal(3, state.GetProperty("Count").GetInt32());
    }

    [Theory]
    [InlineData(MaskingConsoleFormatter.FormatterName)]
    [InlineData(MaskingJsonConsoleFormatter.FormatterName)]
    public void Scopes_are_off_by_default_and_masked_when_on(string formatterName)
    {
        void Write(ILogger logger)
        {
            using (logger.BeginScope("Scope for {Pid}", Identifier))
            {
                logger.LogInformation("Inside");
            }
        }

        var withoutScopes = Log(formatterName, Write);
        Assert.DoesNotContain("Scope for", withoutScopes);

        var withScopes = Log(formatterName, Write, new() { ["Logging:Console:FormatterOptions:IncludeScopes"] = "true" });
        Assert.Contains("Scope for", withScopes);
        AssertNoPersonalData(withScopes);
    }

    private static void AssertNoPersonalData(string output)
    {
        Assert.DoesNotContain(Identifier, output);
        Assert.DoesNotContain("nordmann", output);
        Assert.DoesNotContain("example.com", output);
        Assert.DoesNotContain("98765432", output);
    }

    /// <summary>Builds a logger on the formatter registered under <paramref name="formatterName"/>, writing to a string.</summary>
    private static string Log(string formatterName, Action<ILogger> write, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddKrrMaskedConsole();
        });
        using var provider = services.BuildServiceProvider();
        var formatter = provider.GetServices<ConsoleFormatter>().Single(f => f.Name == formatterName);

        using var writer = new StringWriter();
        write(new CapturingLogger("Krr.Tests.Category", formatter, writer));
        return writer.ToString();
    }

    private sealed class CapturingLogger(string category, ConsoleFormatter formatter, TextWriter writer) : ILogger
    {
        private readonly LoggerExternalScopeProvider _scopes = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1) =>
            formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter1), _scopes, writer);
    }
}
