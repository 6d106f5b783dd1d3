using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Krr.Tests.Storage;

/// <summary>Membership timings for tests on real ADO.NET membership: silos are declared dead within seconds, not minutes.</summary>
internal static class FastMembership
{
    public static ISiloBuilder UseFastMembership(this ISiloBuilder silo)
    {
        silo.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
        silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        return silo;
    }
}
