using Krr.Hosting;

namespace Krr.Tests.Api;

/// <summary>An embedded deployment whose lookups may run back to back, faster than an organisation's lookup limit allows.</summary>
public abstract class BackToBackLookupsDeployment : EmbeddedDeployment
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new(KrrConfigurationKeys.LookupRateLimitPermits, "1000000")];
}
