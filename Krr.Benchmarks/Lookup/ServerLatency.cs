using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Krr.Hosting.Observability;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// Where in a request its time goes, from the instruments the hosts in this process publish: ASP.NET Core's
/// <c>http.server.request.duration</c> (the server's whole request, pipeline and answer written) and the register's
/// <c>krr.lookup.duration</c> (the lookup handler, from after authorization to the answer prepared and its access log
/// entry queued). Set beside the driver's own latency (which adds the client and the socket), the three say whether a
/// slow request was slow in the handler, in the server around it, or outside the server. Only the embedded shape's
/// register and the in-process sides publish here; the cluster shape's API is another process.
/// </summary>
/// <param name="RequestP50Ms">Median of the server's request durations.</param>
/// <param name="RequestP99Ms">p99 of the server's request durations.</param>
/// <param name="HandlerP50Ms">Median of the lookup handler's durations (0 where the side has no such handler).</param>
/// <param name="HandlerP99Ms">p99 of the lookup handler's durations.</param>
public sealed record ServerLatency(double RequestP50Ms, double RequestP99Ms, double HandlerP50Ms, double HandlerP99Ms)
{
    public const string RequestInstrument = "http.server.request.duration";

    /// <summary>Listens until disposed; <see cref="Recorder.Result"/> gives what was heard.</summary>
    public static Recorder Listen() => new();

    public static ServerLatency? Median(IReadOnlyList<ServerLatency?> rounds) =>
        rounds.Count == 0 || rounds.Any(r => r is null)
            ? null
            : new ServerLatency(
                Measurement.Mid(rounds.Select(r => r!.RequestP50Ms)), Measurement.Mid(rounds.Select(r => r!.RequestP99Ms)),
                Measurement.Mid(rounds.Select(r => r!.HandlerP50Ms)), Measurement.Mid(rounds.Select(r => r!.HandlerP99Ms)));

    public sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<double> _requestsMs = new();
        private readonly ConcurrentQueue<double> _handlerMs = new();

        internal Recorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is RequestInstrument || (instrument.Meter.Name == KrrMetrics.MeterName && instrument.Name == "krr.lookup.duration"))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                // ASP.NET Core measures in seconds, the register in milliseconds.
                if (instrument.Name == RequestInstrument)
                {
                    _requestsMs.Enqueue(value * 1000);
                }
                else
                {
                    _handlerMs.Enqueue(value);
                }
            });
            _listener.Start();
        }

        /// <summary>What was heard so far; null when no request was.</summary>
        public ServerLatency? Result()
        {
            if (_requestsMs.IsEmpty)
            {
                return null;
            }
            double[] requests = [.. _requestsMs.Order()];
            double[] handler = [.. _handlerMs.Order()];
            return new ServerLatency(Percentile.Of(requests, 0.5, 0.0), Percentile.Of(requests, 0.99, 0.0), Percentile.Of(handler, 0.5, 0.0), Percentile.Of(handler, 0.99, 0.0));
        }

        public void Dispose() => _listener.Dispose();
    }
}
