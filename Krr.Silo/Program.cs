using Krr.Silo;
using Microsoft.Extensions.Hosting;

switch (args.FirstOrDefault())
{
    case MigrateCommand.Name:
        return await MigrateCommand.RunAsync(CommandLine.Configuration(args[1..]), CancellationToken.None);
    case ImportFolkeregisterCommand.Name when args.Length >= 2:
        return await ImportFolkeregisterCommand.RunAsync(args[1], CommandLine.Configuration(args[2..]), CancellationToken.None);
    case GenerateCommand.Name:
        return await GenerateCommand.RunAsync(CommandLine.Configuration(args[1..]), CancellationToken.None);
    case ScheduleReverificationCommand.Name:
        return await ScheduleReverificationCommand.RunAsync(CommandLine.Configuration(args[1..]), CancellationToken.None);
    case RebuildReadModelsCommand.Name:
        return await RebuildReadModelsCommand.RunAsync(CommandLine.Configuration(args[1..]), CancellationToken.None);
}

using var host = await KrrSiloHost.BuildAsync(args);
await host.RunAsync();
return 0;
