using Krr.Hosting.Orleans;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Krr.Tests.Api;

/// <summary>
/// The cluster shape as operators run it: the <c>migrate</c> command, two <c>Krr.Silo</c> processes and one
/// <c>Krr.Api</c> process (or more) that joins them as an Orleans client, all on one fresh PostgreSQL database.
/// The tests' own grain calls go through an Orleans client of that cluster too.
/// </summary>
public class ClusterDeployment : KrrDeployment
{
    private readonly List<ChildProcess> _processes = [];
    private readonly List<ChildProcess> _silos = [];
    private readonly List<DirectoryInfo> _homes = [];
    private Dictionary<string, string> _common = [];
    private IHost? _client;

    /// <summary>How many <c>Krr.Silo</c> processes the cluster has.</summary>
    protected virtual int SiloCount => 2;

    /// <summary>Environment every process of the cluster gets besides the connection and cluster id.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>();

    /// <summary>Everything each process wrote to stdout and stderr so far, in order of starting.</summary>
    public IReadOnlyList<string> Outputs => [.. _processes.Select(p => p.Output)];

    public override async Task InitializeAsync()
    {
        Database = (await TestPostgres.CreateEmptyDatabaseAsync()).DataSource;
        var connectionString = Database.ConnectionString;
        var clusterId = $"test-{Guid.NewGuid():N}";
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__Krr"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in ExtraEnvironment)
        {
            common[key] = value;
        }

        await using (var migrate = ChildProcess.Start("Krr.Silo", common, "migrate"))
        {
            var exitCode = await migrate.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"migrate failed ({exitCode}):\n{migrate.Output}");
        }
        _common = common;
        for (var i = 0; i < SiloCount; i++)
        {
            StartSilo();
        }
        var apis = new List<HttpClient>();
        for (var i = 0; i < ApiProcesses; i++)
        {
            var apiPort = FreePort.Next();
            var home = Directory.CreateTempSubdirectory("krr-api-home-");
            _homes.Add(home);
            var api = new Dictionary<string, string>(common)
            {
                ["Krr__Mode"] = "Client",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
                // A home of its own, as on a machine of its own: nothing (such as a key ring in ~/.aspnet) is shared through files.
                ["HOME"] = home.FullName,
            };
            foreach (var (key, value) in ApiSettings(connectionString).Concat(ApiExtraSettings))
            {
                api[key.Replace(":", "__")] = value;
            }
            _processes.Add(ChildProcess.Start("Krr.Api", api));
            apis.Add(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") });
        }
        Apis = apis;
        Http = apis[0];
        await WaitUntilReadyAsync();

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Configuration.AddInMemoryCollection([new("Orleans:ClusterId", clusterId)]);
        clientBuilder.UseOrleansClient(client => client.UseKrrClient(clientBuilder.Configuration, Database));
        _client = clientBuilder.Build();
        await _client.StartAsync();
        Grains = _client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>How many <c>Krr.Api</c> processes join the cluster; <see cref="KrrDeployment.Http"/> is the first's.</summary>
    protected virtual int ApiProcesses => 1;

    /// <summary>Settings (or environment variables) the API processes get beyond <see cref="KrrDeployment.ApiSettings"/>.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ApiExtraSettings => [];

    /// <summary>One client per API process, in start order.</summary>
    public IReadOnlyList<HttpClient> Apis { get; private set; } = [];

    /// <summary>Kills silo <paramref name="index"/> (from 0, in order of starting) at once, as a crash would.</summary>
    public Task KillSiloAsync(int index)
    {
        _killed.Add(_silos[index]);
        return _silos[index].KillAsync();
    }

    private readonly HashSet<ChildProcess> _killed = [];

    /// <summary>Starts one more <c>Krr.Silo</c> process on new ports; it joins the cluster by its membership table.</summary>
    public void StartSilo()
    {
        var silo = ChildProcess.Start("Krr.Silo", new Dictionary<string, string>(_common)
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
        });
        _silos.Add(silo);
        _processes.Add(silo);
    }

    /// <summary>Silo processes started so far, killed ones included.</summary>
    public int SilosStarted => _silos.Count;

    /// <summary>Waits until every API process answers ready (after a start, or a restart of the silos).</summary>
    public async Task WaitUntilReadyAsync()
    {
        foreach (var http in Apis)
        {
            await WaitUntilReadyAsync(http);
        }
    }

    private Task WaitUntilReadyAsync(HttpClient http) =>
        ClusterReadiness.WaitAsync(http, TimeSpan.FromSeconds(90), () => _processes.FirstOrDefault(p => p.HasExited && !_killed.Contains(p)),
            () => string.Join("\n---\n", _processes.Select(p => p.Output)));

    public override async Task DisposeAsync()
    {
        foreach (var http in Apis)
        {
            http.Dispose();
        }
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        await Database.DisposeAsync();
        foreach (var home in _homes)
        {
            home.Delete(recursive: true);
        }
    }
}
