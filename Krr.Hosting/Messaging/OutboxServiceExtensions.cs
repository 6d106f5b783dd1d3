using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Krr.Hosting.Messaging;

public static class OutboxServiceExtensions
{
    /// <summary>
    /// The outbox dispatcher and its senders. It runs beside every silo (both shapes), because silos are what
    /// always run; API processes in the cluster shape come and go. Without SMTP host or SMS gateway URL the
    /// channel goes to the console, so a local run needs no mail or SMS service.
    /// </summary>
    public static IServiceCollection AddKrrOutboxDispatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxDispatcherOptions>(configuration.GetSection(OutboxDispatcherOptions.SectionName));
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName));
        services.Configure<SmsGatewayOptions>(configuration.GetSection(SmsGatewayOptions.SectionName));
        services.AddHttpClient(nameof(SmsGatewaySender));
        services.AddSingleton<SmsGatewaySender>();
        services.AddSingleton<SmtpMessageSender>();
        services.AddSingleton<ConsoleMessageSender>();
        services.AddSingleton<IMessageSender>(provider =>
        {
            var console = provider.GetRequiredService<ConsoleMessageSender>();
            IMessageSender email = string.IsNullOrEmpty(provider.GetRequiredService<IOptions<SmtpOptions>>().Value.Host)
                ? console
                : provider.GetRequiredService<SmtpMessageSender>();
            IMessageSender sms = provider.GetRequiredService<IOptions<SmsGatewayOptions>>().Value.Url is null
                ? console
                : provider.GetRequiredService<SmsGatewaySender>();
            return new ChannelMessageSender(email, sms);
        });
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
