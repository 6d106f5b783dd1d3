using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Api;

/// <summary>A running register the API tests talk to over real HTTP, in one of the two hosting shapes.</summary>
public abstract class KrrDeployment : IAsyncLifetime
{
    public TestTokens Tokens { get; } = new();
    public HttpClient Http { get; protected set; } = null!;
    public IGrainFactory Grains { get; protected set; } = null!;
    public NpgsqlDataSource Database { get; protected set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Configuration every shape's API gets: test issuer, quiet demo data, test data on (the host runs as Production).</summary>
    protected IEnumerable<KeyValuePair<string, string>> ApiSettings(string connectionString) =>
    [
        new("ConnectionStrings:Krr", connectionString),
        new("Krr:DemoData:Enabled", "false"),
        new("Krr:TestData:Enabled", "true"),
        .. Tokens.Configuration,
    ];

    public async Task<HttpResponseMessage> LookupAsync(string version, string token, object body, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/rest/{version}/personer") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd(accept);
        return await Http.SendAsync(request);
    }

    /// <summary>Sends <paramref name="body"/> (when given) as JSON with <paramref name="token"/> (when given) as bearer.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>Sends with an operator token (<c>krr:operator/admin</c>) and returns the successful answer's JSON.</summary>
    public async Task<JsonNode> OperatorAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await SendAsync(method, path, Tokens.Agency("991825827", "krr:operator/admin"), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Looks the identifiers up with an agency token carrying <paramref name="scopes"/> and returns the <c>personer</c> array.</summary>
    public async Task<JsonArray> PersonsAsync(string version, string[] identifiers, params string[] scopes)
    {
        using var response = await LookupAsync(version, Tokens.Agency("991825827", scopes), new { personidentifikatorer = identifiers });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["personer"]!.AsArray();
    }
}
