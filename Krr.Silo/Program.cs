using Krr.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

if (args.Length > 0 && args[0] == MigrateCommand.Name)
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args[1..])
        .Build();
    return await MigrateCommand.RunAsync(configuration, CancellationToken.None);
}

using var host = await KrrSiloHost.BuildAsync(args);
await host.RunAsync();
return 0;
