using Krr.Api.Hosting;

var app = await KrrApiHost.BuildAsync(args);
await app.RunAsync();

/// <summary>The API's entry point; public so tests can reach the assembly.</summary>
public partial class Program;
