using Krr.Api.Hosting;
using Krr.Grains;
using Krr.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Krr.Tests.Api;

/// <summary>The embedded shape: the real API host co-hosting a silo, on a fresh PostgreSQL database, served by Kestrel on loopback.</summary>
public class EmbeddedDeployment : KrrDeployment
{
    private WebApplication? _app;

    /// <summary>The register's clock; tests move it to cross the 18-month line.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The API's services, for tests that inspect the host (such as its endpoints).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Command-line arguments of the host, such as its environment.</summary>
    protected virtual string[] Arguments => [];

    /// <summary>The connection string the API gets for <paramref name="direct"/> (a derived deployment may route it through a relay).</summary>
    protected virtual string ApiConnectionString(string direct) => direct;

    /// <summary>Settings a derived deployment adds or overrides (they are read after the common ones).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <summary>Services a derived deployment adds; registered before the host's own, so options it changes need <c>PostConfigure</c>.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public override async Task InitializeAsync()
    {
        Database = (await TestPostgres.CreateEmptyDatabaseAsync()).DataSource;
        IEnumerable<KeyValuePair<string, string?>> settings =
        [
            .. ApiSettings(ApiConnectionString(Database.ConnectionString)).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
            new("Orleans:ClusterId", $"test-{Guid.NewGuid():N}"),
            new("Orleans:SiloPort", FreePort.Next().ToString()),
            new("Orleans:GatewayPort", FreePort.Next().ToString()),
        ];
        _app = await KrrApiHost.BuildAsync(Arguments, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            // A later source wins, so a derived deployment can override the common settings.
            builder.Configuration.AddInMemoryCollection(ExtraSettings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton(new RegisterClock(Clock));
            ConfigureServices(builder.Services);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
        Grains = _app.Services.GetRequiredService<IGrainFactory>();
    }

    public override async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}
