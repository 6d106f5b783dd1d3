using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Krr.Api.Web;

/// <summary>
/// One Data Protection key ring for all API processes, kept in the register's database: the page sign-in cookie and
/// the antiforgery tokens are protected with it, so any process opens what another issued. The application name
/// isolates the payloads from other apps' on the same keys; it must be the same in every process, so it is fixed.
/// </summary>
public static class SharedKeyRing
{
    public const string ApplicationName = "krr";

    public static IServiceCollection AddKrrSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new PostgresXmlRepository(provider.GetRequiredService<NpgsqlDataSource>())));
        return services;
    }
}
