using Krr.Hosting.Orleans;
using Microsoft.Extensions.Configuration;

namespace Krr.Silo;

/// <summary>What the silo's one-shot commands share: configuration from appsettings, environment and the remaining arguments.</summary>
internal static class CommandLine
{
    public static IConfiguration Configuration(string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

    /// <summary>The <c>ConnectionStrings:Krr</c> a command needs; null after telling the operator where to set it.</summary>
    public static async Task<string?> ConnectionStringAsync(IConfiguration configuration, string command)
    {
        if (configuration.GetConnectionString("Krr") is { Length: > 0 } connectionString && !string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }
        await Console.Error.WriteLineAsync(
            $"{command}: ConnectionStrings:Krr is not set (appsettings.json or environment variable ConnectionStrings__Krr).");
        return null;
    }

    /// <summary>The Orleans service id whose rows a command writes, as the silos are configured.</summary>
    public static string ServiceId(IConfiguration configuration) =>
        configuration.GetSection(KrrOrleansOptions.SectionName).Get<KrrOrleansOptions>()?.ServiceId ?? new KrrOrleansOptions().ServiceId;
}
