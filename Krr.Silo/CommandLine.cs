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
}
