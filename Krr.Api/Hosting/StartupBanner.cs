using Krr.Api.Auth;
using Krr.Api.DemoData;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Krr.Api.Hosting;

/// <summary>
/// Tells a newcomer where the register listens and gives one command that makes a lookup, with a development
/// token and demo identities (synthetic, so printing them exposes nobody).
/// </summary>
public static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null)
            {
                return;
            }
            Console.WriteLine($"Krr is listening on {address}");
            if (app.Services.GetDevelopmentTokenIssuer() is not { } issuer)
            {
                return;
            }
            var token = issuer.CreateAgencyToken(DemoPopulation.DemoAgency, [KrrScopes.ContactRead, KrrScopes.MailboxRead], lifetime: TimeSpan.FromHours(12));
            var identifiers = string.Join(",", DemoPopulation.Showcase.Select(id => $"\"{id}\""));
            Console.WriteLine("Look up demo persons (the token is valid for 12 hours; get another with POST /dev/token):");
            Console.WriteLine(
                $"curl -s -X POST {address}/rest/v2/personer -H 'Authorization: Bearer {token}' " +
                $"-H 'Content-Type: application/json' -d '{{\"personidentifikatorer\":[{identifiers}]}}'");
            Console.WriteLine($"Web pages: sign in as a test person, operator or agency at {address}{PageAuthentication.LoginPath} (development only).");
        });
    }
}
