using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Krr.Hosting.Observability;

/// <summary>
/// The project's own instruments, on meter <see cref="MeterName"/>. Registered as a singleton by
/// <see cref="ObservabilityExtensions.AddKrrObservability"/>.
/// </summary>
public sealed class KrrMetrics
{
    /// <summary>Name of the project meter.</summary>
    public const string MeterName = "Krr";

    /// <summary>Tag carrying the lookup API version (for example <c>v1</c>).</summary>
    public const string VersionTag = "version";

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public KrrMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        PersonsLookedUp = meter.CreateCounter<long>(
            "krr.lookup.persons", unit: "{person}", description: "Persons returned by the lookup service.");
        LookupDuration = meter.CreateHistogram<double>(
            "krr.lookup.duration", unit: "ms", description: "Duration of a lookup request.");
        LookupRequests = meter.CreateCounter<long>(
            "krr.lookup.requests", unit: "{request}", description: "Lookup requests, tagged with the API version.");
    }

    /// <summary><c>krr.lookup.persons</c>: persons returned by lookups.</summary>
    public Counter<long> PersonsLookedUp { get; }

    /// <summary><c>krr.lookup.duration</c>: lookup duration in milliseconds.</summary>
    public Histogram<double> LookupDuration { get; }

    /// <summary><c>krr.lookup.requests</c>: lookup requests, tag <see cref="VersionTag"/>.</summary>
    public Counter<long> LookupRequests { get; }

    /// <summary>Records one lookup request of <paramref name="persons"/> persons on all three instruments.</summary>
    public void RecordLookup(string version, int persons, TimeSpan duration)
    {
        var tags = new TagList { { VersionTag, version } };
        LookupRequests.Add(1, tags);
        PersonsLookedUp.Add(persons, tags);
        LookupDuration.Record(duration.TotalMilliseconds, tags);
    }
}
