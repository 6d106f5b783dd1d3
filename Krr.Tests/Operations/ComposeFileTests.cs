using Krr.Tests.Infrastructure;
using Krr.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Krr.Tests.Operations;

public sealed class ComposeFileTests
{
    private static readonly string[] FrameworkKeys = ["ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    private readonly YamlMappingNode _services = LoadServices();

    [Fact]
    public void The_five_services_exist()
    {
        Assert.Equal(
            ["api", "migrate", "postgres", "silo1", "silo2"],
            _services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("migrate", "Krr.Silo/Dockerfile")]
    [InlineData("silo1", "Krr.Silo/Dockerfile")]
    [InlineData("silo2", "Krr.Silo/Dockerfile")]
    [InlineData("api", "Krr.Api/Dockerfile")]
    public void Services_build_from_the_repository_root_with_an_existing_Dockerfile(string service, string dockerfile)
    {
        var build = Mapping(Service(service), "build");

        Assert.Equal(".", Scalar(build, "context"));
        Assert.Equal(dockerfile, Scalar(build, "dockerfile"));
        var path = RepositoryPaths.File(dockerfile.Split('/'));
        Assert.True(File.Exists(path), $"{path} does not exist");

        var text = File.ReadAllText(path);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", text);
        Assert.Contains("USER $APP_UID", text);
    }

    [Fact]
    public void Postgres_is_checked_with_pg_isready_and_keeps_its_data_in_a_volume()
    {
        var postgres = Service("postgres");

        Assert.StartsWith("postgres:15", Scalar(postgres, "image"), StringComparison.Ordinal);
        var test = (YamlSequenceNode)Mapping(postgres, "healthcheck").Children[new YamlScalarNode("test")];
        Assert.Contains(test.Children, n => ((YamlScalarNode)n).Value!.Contains("pg_isready", StringComparison.Ordinal));
        Assert.NotEmpty(((YamlSequenceNode)postgres.Children[new YamlScalarNode("volumes")]).Children);
    }

    [Fact]
    public void Migrate_runs_once_after_postgres_is_healthy()
    {
        var migrate = Service("migrate");

        Assert.Equal(["migrate"], ((YamlSequenceNode)migrate.Children[new YamlScalarNode("command")]).Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal("no", Scalar(migrate, "restart"));
        Assert.Equal(new Dictionary<string, string> { ["postgres"] = "service_healthy" }, DependsOn("migrate"));
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    public void Silos_start_after_migrate_completed_and_advertise_their_own_address(string silo)
    {
        Assert.Equal(new Dictionary<string, string> { ["migrate"] = "service_completed_successfully" }, DependsOn(silo));

        var address = Environment(silo)[KrrConfigurationKeys.OrleansAdvertisedIPAddress.Replace(":", "__", StringComparison.Ordinal)];
        var networks = Mapping(Service(silo), "networks");
        var staticAddresses = networks.Children.Values.OfType<YamlMappingNode>().Select(n => Scalar(n, "ipv4_address"));
        Assert.Contains(address, staticAddresses);
    }

    [Fact]
    public void Silos_advertise_different_addresses() =>
        Assert.NotEqual(Environment("silo1")["Orleans__AdvertisedIPAddress"], Environment("silo2")["Orleans__AdvertisedIPAddress"]);

    [Fact]
    public void Api_is_a_client_started_after_the_silos_and_published_on_8080()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["silo1"] = "service_started", ["silo2"] = "service_started" },
            DependsOn("api"));
        Assert.Equal("Client", Environment("api")["Krr__Mode"]);
        var ports = ((YamlSequenceNode)Service("api").Children[new YamlScalarNode("ports")]).Select(n => ((YamlScalarNode)n).Value);
        Assert.Contains("8080:8080", ports);
    }

    [Fact]
    public void Dependency_order_is_postgres_migrate_silos_api()
    {
        var order = new List<string>();
        var visiting = new HashSet<string>();

        void Visit(string service)
        {
            if (order.Contains(service))
            {
                return;
            }

            Assert.True(visiting.Add(service), $"dependency cycle at {service}");
            foreach (var dependency in DependsOn(service).Keys)
            {
                Visit(dependency);
            }

            order.Add(service);
        }

        foreach (var service in _services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
        {
            Visit(service);
        }

        Assert.True(order.IndexOf("postgres") < order.IndexOf("migrate"));
        Assert.True(order.IndexOf("migrate") < order.IndexOf("silo1"));
        Assert.True(order.IndexOf("migrate") < order.IndexOf("silo2"));
        Assert.True(order.IndexOf("silo1") < order.IndexOf("api"));
        Assert.True(order.IndexOf("silo2") < order.IndexOf("api"));
    }

    [Fact]
    public void Every_environment_variable_is_a_registry_key_or_a_documented_framework_key()
    {
        var unknown = new List<string>();
        foreach (var service in _services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
        {
            foreach (var name in Environment(service).Keys)
            {
                var known = KrrConfigurationKeys.IsKnown(name.Replace("__", ":", StringComparison.Ordinal))
                    || FrameworkKeys.Contains(name)
                    || name.StartsWith("OTEL_", StringComparison.Ordinal)
                    || (service == "postgres" && name.StartsWith("POSTGRES_", StringComparison.Ordinal));
                if (!known)
                {
                    unknown.Add($"{service}: {name}");
                }
            }
        }

        Assert.Empty(unknown);
    }

    [Fact]
    public void Krr_services_share_cluster_identity_and_connection_string()
    {
        string[] krr = ["migrate", "silo1", "silo2", "api"];
        foreach (var key in new[] { "ConnectionStrings__Krr", "Orleans__ClusterId", "Orleans__ServiceId" })
        {
            Assert.Single(krr.Select(s => Environment(s)[key]).Distinct());
        }
    }

    private YamlMappingNode Service(string name) => (YamlMappingNode)_services.Children[new YamlScalarNode(name)];

    private Dictionary<string, string> Environment(string service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Service(service).Children.TryGetValue(new YamlScalarNode("environment"), out var node))
        {
            return result;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    result[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value ?? string.Empty;
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children.Select(n => ((YamlScalarNode)n).Value!))
                {
                    var eq = item.IndexOf('=', StringComparison.Ordinal);
                    result[eq < 0 ? item : item[..eq]] = eq < 0 ? string.Empty : item[(eq + 1)..];
                }

                break;
        }

        return result;
    }

    private Dictionary<string, string> DependsOn(string service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Service(service).Children.TryGetValue(new YamlScalarNode("depends_on"), out var node))
        {
            return result;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    result[((YamlScalarNode)key).Value!] = value is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode("condition"))
                        ? Scalar(m, "condition")
                        : "service_started";
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    result[((YamlScalarNode)item).Value!] = "service_started";
                }

                break;
        }

        return result;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static YamlMappingNode LoadServices()
    {
        using var reader = new StreamReader(RepositoryPaths.File("docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return Mapping(root, "services");
    }
}
