using Krr.Tests.Infrastructure;
using System.Net;
using System.Text.RegularExpressions;
using Krr.Hosting;
using Krr.Hosting.Orleans;
using Microsoft.Extensions.Configuration;

namespace Krr.Tests.Operations;

public sealed class ConfigurationKeysTests
{
    [Theory]
    [InlineData("ConnectionStrings:Krr")]
    [InlineData("ConnectionStrings__Krr")]
    [InlineData("krr:mode")]
    [InlineData("Orleans:AdvertisedIPAddress")]
    [InlineData("Krr:Auth:Issuers:0:Issuer")]
    [InlineData("Krr__Auth__Issuers__12__PublicKeyPem")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void Known_keys(string key) => Assert.True(KrrConfigurationKeys.IsKnown(key));

    [Theory]
    [InlineData("")]
    [InlineData("Krr")]
    [InlineData("Krr:Modus")]
    [InlineData("Krr:Auth:Issuers")]
    [InlineData("Krr:Auth:Issuers:0")]
    [InlineData("Krr:Auth:Issuers:x:Issuer")]
    [InlineData("Krr:Auth:Issuers:0:Audience")]
    [InlineData("Orleans:0:ClusterId")]
    public void Unknown_keys(string key) => Assert.False(KrrConfigurationKeys.IsKnown(key));

    [Fact]
    public void AuthIssuer_builds_an_indexed_key()
    {
        var key = KrrConfigurationKeys.AuthIssuer(1, KrrConfigurationKeys.AuthIssuerFields.PublicKeyPem);

        Assert.Equal("Krr:Auth:Issuers:1:PublicKeyPem", key);
        Assert.True(KrrConfigurationKeys.IsKnown(key));
    }

    [Fact]
    public void Registry_and_the_README_configuration_table_list_the_same_keys()
    {
        var documented = DocumentedKeys();

        var registry = KrrConfigurationKeys.All.Select(k => k.Replace("*", "N", StringComparison.Ordinal)).ToHashSet();
        Assert.Empty(registry.Except(documented));
        Assert.Empty(documented.Except(registry));
    }

    [Fact]
    public void Orleans_options_have_the_documented_defaults()
    {
        var options = Bind([]);

        Assert.Equal("krr", options.ClusterId);
        Assert.Equal("krr", options.ServiceId);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal(30000, options.GatewayPort);
        Assert.Null(options.AdvertisedIPAddress);
        Assert.Equal(IPAddress.Loopback, options.ResolveAdvertisedIPAddress());
    }

    [Fact]
    public void Orleans_options_bind_from_the_registry_keys()
    {
        var options = Bind(new()
        {
            [KrrConfigurationKeys.OrleansClusterId] = "c",
            [KrrConfigurationKeys.OrleansServiceId] = "s",
            [KrrConfigurationKeys.OrleansSiloPort] = "11112",
            [KrrConfigurationKeys.OrleansGatewayPort] = "30001",
            [KrrConfigurationKeys.OrleansAdvertisedIPAddress] = "10.0.0.7",
        });

        Assert.Equal(("c", "s", 11112, 30001), (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort));
        Assert.Equal(IPAddress.Parse("10.0.0.7"), options.ResolveAdvertisedIPAddress());
    }

    [Fact]
    public void Advertised_address_may_be_a_host_name()
    {
        var options = new KrrOrleansOptions { AdvertisedIPAddress = "localhost" };

        Assert.True(IPAddress.IsLoopback(options.ResolveAdvertisedIPAddress()));
    }

    private static KrrOrleansOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new KrrOrleansOptions();
        configuration.GetSection(KrrOrleansOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>Keys in the first column of the table under "## Configuration" in README.md.</summary>
    internal static HashSet<string> DocumentedKeys()
    {
        var lines = File.ReadAllLines(RepositoryPaths.File("README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "## Configuration");
        Assert.True(start >= 0, "README.md has no '## Configuration' section");

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var match = Regex.Match(lines[i], @"^\|\s*`([^`]+)`\s*\|");
            if (match.Success)
            {
                keys.Add(match.Groups[1].Value);
            }
        }

        Assert.NotEmpty(keys);
        return keys;
    }
}
