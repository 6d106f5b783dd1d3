using System.Text.Json;
using Krr.Api.AccessLog;
using Krr.Api.Lookup;
using Krr.Grains.Persons;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// What a team would build without Orleans: one conventional table (a column per field, the mailbox provider's
/// certificate joined from its own table), read per request with <c>WHERE personidentifikator = ANY(@ids)</c>,
/// behind a plain ASP.NET Core endpoint that checks the same bearer token, writes the same JSON and keeps the same
/// access log (the law asks it of any implementation: the register's batched writer, into the same table).
/// </summary>
public sealed class PeerSqlService(WebApplication app) : IAsyncDisposable
{
    private const string Select = """
        SELECT p.personidentifikator, p.reserved, p.reserved_at, p.reservation_updated,
               p.email, p.email_updated, p.email_verified, p.email_validated, p.email_duplicated,
               p.mobile, p.mobile_updated, p.mobile_verified, p.mobile_validated, p.mobile_duplicated,
               p.mailbox_address, p.mailbox_provider, c.certificate, p.language, p.language_updated, p.updated
        FROM peer_person p LEFT JOIN peer_provider c ON c.org = p.mailbox_provider
        WHERE p.personidentifikator = ANY(@ids)
        """;

    public Uri Address { get; } = BenchmarkPorts.Address(app);

    public static async Task<PeerSqlService> StartAsync(NpgsqlDataSource dataSource, BenchmarkPersons persons, BenchmarkIssuer issuer)
    {
        await LoadAsync(dataSource, persons);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = BenchmarkIssuer.Name,
                ValidateAudience = false,
                IssuerSigningKey = issuer.SigningKey,
            };
        });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<AccessLogWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AccessLogWriter>());
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var accessLog = app.Services.GetRequiredService<AccessLogWriter>();
        app.MapPost("/rest/v2/personer", (HttpContext http) => AnswerAsync(http, dataSource, accessLog)).RequireAuthorization();
        await app.StartAsync();
        return new PeerSqlService(app);
    }

    private static async Task AnswerAsync(HttpContext http, NpgsqlDataSource dataSource, AccessLogWriter accessLog)
    {
        var request = await JsonSerializer.DeserializeAsync(http.Request.Body, LookupJsonContext.Default.LookupRequest, http.RequestAborted);
        var identifiers = request!.Personidentifikatorer!.Distinct(StringComparer.Ordinal).Select(id => id!).ToArray();
        var found = new Dictionary<string, PersonRecord>(identifiers.Length, StringComparer.Ordinal);
        var certificates = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(Select))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", identifiers));
            await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
            while (await reader.ReadAsync(http.RequestAborted))
            {
                var record = Read(reader);
                found[record.Identifier] = record;
                if (record.Mailbox is { } mailbox && !reader.IsDBNull(16))
                {
                    certificates[mailbox.ProviderOrg] = reader.GetString(16);
                }
            }
        }
        var view = new LookupView(LookupVersion.V2, Contact: true, Mailbox: true);
        var now = DateTimeOffset.UtcNow;
        var answer = new PersonResponse[identifiers.Length];
        for (var i = 0; i < answer.Length; i++)
        {
            answer[i] = PersonProjection.Project(identifiers[i], found.GetValueOrDefault(identifiers[i]), view, now, certificates);
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(new LookupResponse(answer), LookupJsonContext.Wire.LookupResponse);
        var consumer = http.User.FindFirst("consumer")?.Value is { } org ? JsonDocument.Parse(org).RootElement.GetProperty("ID").GetString()![5..] : "";
        var scopes = http.User.FindFirst("scope")?.Value.Split(' ') ?? [];
        await accessLog.AppendAsync(new AccessLogEntry(now, consumer, null, http.Request.Path, [.. scopes], [.. identifiers]), http.RequestAborted);
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = json.Length;
        await http.Response.Body.WriteAsync(json, http.RequestAborted);
    }

    private static PersonRecord Read(NpgsqlDataReader r)
    {
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        ContactChannelRecord? Channel(int i) => r.IsDBNull(i) ? null : new ContactChannelRecord
        {
            Value = r.GetString(i),
            Normalized = r.GetString(i),
            Updated = r.GetFieldValue<DateTimeOffset>(i + 1),
            LastVerified = Time(i + 2),
            LastValidated = Time(i + 3),
            Duplicated = r.GetBoolean(i + 4),
        };
        return new PersonRecord
        {
            Identifier = r.GetString(0),
            Status = PersonStatus.Active,
            Reserved = r.GetBoolean(1),
            ReservedAt = Time(2),
            ReservationUpdated = Time(3),
            Email = Channel(4),
            Mobile = Channel(9),
            Mailbox = r.IsDBNull(14) ? null : new DigitalMailboxRecord(r.GetString(14), r.GetString(15)),
            Language = r.IsDBNull(17) ? null : r.GetString(17),
            LanguageUpdated = Time(18),
            Updated = r.GetFieldValue<DateTimeOffset>(19),
        };
    }

    private static async Task LoadAsync(NpgsqlDataSource dataSource, BenchmarkPersons persons)
    {
        await using (var create = dataSource.CreateCommand("""
            CREATE TABLE peer_provider (org text PRIMARY KEY, certificate text NOT NULL);
            CREATE TABLE peer_person (
                personidentifikator text PRIMARY KEY, reserved boolean NOT NULL, reserved_at timestamptz, reservation_updated timestamptz,
                email text, email_updated timestamptz, email_verified timestamptz, email_validated timestamptz, email_duplicated boolean,
                mobile text, mobile_updated timestamptz, mobile_verified timestamptz, mobile_validated timestamptz, mobile_duplicated boolean,
                mailbox_address text, mailbox_provider text, language text, language_updated timestamptz, updated timestamptz NOT NULL)
            """))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using (var provider = dataSource.CreateCommand("INSERT INTO peer_provider VALUES (@org, @certificate)"))
        {
            provider.Parameters.AddWithValue("org", BenchmarkPersons.ProviderOrg);
            provider.Parameters.AddWithValue("certificate", persons.Certificate);
            await provider.ExecuteNonQueryAsync();
        }
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY peer_person FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var p in persons.Records)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(p.Identifier, NpgsqlDbType.Text);
                await copy.WriteAsync(p.Reserved, NpgsqlDbType.Boolean);
                await WriteTimeAsync(copy, p.ReservedAt);
                await WriteTimeAsync(copy, p.ReservationUpdated);
                foreach (var channel in new[] { p.Email, p.Mobile })
                {
                    await copy.WriteAsync(channel?.Value, NpgsqlDbType.Text);
                    await WriteTimeAsync(copy, channel?.Updated);
                    await WriteTimeAsync(copy, channel?.LastVerified);
                    await WriteTimeAsync(copy, channel?.LastValidated);
                    await copy.WriteAsync(channel?.Duplicated, NpgsqlDbType.Boolean);
                }
                await copy.WriteAsync(p.Mailbox?.Address, NpgsqlDbType.Text);
                await copy.WriteAsync(p.Mailbox?.ProviderOrg, NpgsqlDbType.Text);
                await copy.WriteAsync(p.Language, NpgsqlDbType.Text);
                await WriteTimeAsync(copy, p.LanguageUpdated);
                await WriteTimeAsync(copy, p.Updated);
            }
            await copy.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE peer_person", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task WriteTimeAsync(NpgsqlBinaryImporter copy, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            await copy.WriteAsync(value.UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
