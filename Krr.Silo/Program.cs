using Krr.Silo;
using Microsoft.Extensions.Configuration;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args.SkipWhile(a => !a.StartsWith('-')).ToArray())
    .Build();

if (args.Length > 0 && args[0] == MigrateCommand.Name)
{
    return await MigrateCommand.RunAsync(configuration, CancellationToken.None);
}

// Placeholder: the silo host (cluster shape) replaces this.
Console.WriteLine("silo");
return 0;
