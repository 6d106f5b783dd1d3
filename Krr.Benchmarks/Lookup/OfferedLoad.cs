using System.Globalization;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// <c>--rate</c>: the persons a second offered per batch size, for latency at a given load rather than at saturation.
/// A closed loop of 8 connections measures the queue it builds itself (its mean latency is 8 over its rate, by Little's
/// law), so its p99 says how fast the service is, not how quickly it answers at a rate it is asked to carry. Either one
/// figure for every batch size (<c>--rate 100000</c>) or one per batch size (<c>--rate 1000=100000,1=4000</c>), the
/// sizes not named running closed.
/// </summary>
public sealed class OfferedLoad(IReadOnlyDictionary<int, double> perBatch, double? all)
{
    public static OfferedLoad Closed { get; } = new(new Dictionary<int, double>(), null);

    public static OfferedLoad Parse(string text)
    {
        if (text.Length == 0)
        {
            return Closed;
        }
        if (!text.Contains('='))
        {
            return new OfferedLoad(new Dictionary<int, double>(), Positive(text));
        }
        var perBatch = new Dictionary<int, double>();
        foreach (var pair in text.Split(','))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var batch) || batch < 1)
            {
                throw new ArgumentException($"--rate: '{pair}' is not batch=persons-per-second");
            }
            perBatch[batch] = Positive(parts[1]);
        }
        return new OfferedLoad(perBatch, null);
    }

    /// <summary>Requests a second for batches of <paramref name="batch"/>; null to run closed.</summary>
    public double? RequestsPerSecond(int batch) => (perBatch.TryGetValue(batch, out var persons) ? persons : all) / batch;

    private static double Positive(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0
            ? rate
            : throw new ArgumentException($"--rate: '{text}' is not a positive number of persons a second");
}
