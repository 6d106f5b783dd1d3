using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// One timed load against one side: requests, persons and latency percentiles; and the seconds the side's access log
/// took afterwards to catch up (<see cref="AccessLogCatchUp"/>), which the sustained rate counts as part of the work;
/// and PostgreSQL's CPU for both (<see cref="PostgresCpu"/>).
/// </summary>
public sealed record Measurement(string Side, int Batch, int Connections, int Requests, long Persons, double Seconds, double P50Ms, double P99Ms, double P999Ms)
{
    public double LogCatchUpSeconds { get; init; }

    /// <summary>PostgreSQL's CPU over the run and the log's catch-up, per 1000 persons answered; null when the server's processes cannot be read.</summary>
    public double? PostgresCpuMsPer1000 { get; init; }

    /// <summary>The collector in the measuring process over the run; null where the run does not note it.</summary>
    public GcActivity? Gc { get; init; }

    /// <summary>Where the load came from: <see cref="LoadDriver.InProcess"/> or <see cref="ChildLoadDriver.Name"/>; null for a side with no HTTP (<c>limit</c>).</summary>
    public string? Driver { get; init; }

    /// <summary>The driver's own collector and JIT over the run, where the driver is a process of its own; else null (its collections are in <see cref="Gc"/>).</summary>
    public GcActivity? DriverGc { get; init; }

    /// <summary>When the run's slowest requests and a sample of all were in flight; kept only until <see cref="PendingList"/> is worked out from them.</summary>
    public RequestWindows? Windows { get; init; }

    /// <summary>The access log's pending-list clean-ups against the tail (<c>--sample-postgres</c>); else null.</summary>
    public PendingListActivity? PendingList { get; init; }

    /// <summary>The side as the tables name it: with the driver, where it is not the default one.</summary>
    public string Label => Driver == LoadDriver.InProcess ? $"{Side} (in-process driver)" : Side;

    /// <summary>The server's own latency of the run's requests, where the server runs in the measuring process; else null.</summary>
    public ServerLatency? Server { get; init; }

    /// <summary>The rate the run offered (<see cref="OfferedLoad"/>), in persons a second; null for a closed loop, which offers as fast as it is answered.</summary>
    public double? OfferedPersonsPerSecond { get; init; }

    /// <summary>At an offered rate, the p99 of each request timed from its send, not from when it was due: what the service alone took, with no queue of the driver's counted.</summary>
    public double? P99FromSendMs { get; init; }

    /// <summary>At an offered rate, the share of requests sent after they were due: every connection was busy, or the loop that took it woke late from its own wait.</summary>
    public double? LateShare { get; init; }

    /// <summary>At an offered rate, the p99 of how long after it was due each request was sent (0 for one sent on time): the driver's own lateness, its timer's oversleep included.</summary>
    public double? SendLateP99Ms { get; init; }

    public double PersonsPerSecond => Persons / Seconds;

    public double SustainedPersonsPerSecond => Persons / (Seconds + LogCatchUpSeconds);

    public static Measurement From(string side, int batch, int connections, List<long> ticks, long persons, TimeSpan elapsed)
    {
        ticks.Sort();
        double Ms(double p) => Percentile.Of(ticks, p, 0L) * 1000.0 / Stopwatch.Frequency;
        return new Measurement(side, batch, connections, ticks.Count, persons, elapsed.TotalSeconds, Ms(0.50), Ms(0.99), Ms(0.999));
    }

    /// <summary>Each column's median over the rounds (the rounds of one side and batch).</summary>
    public static Measurement Median(List<Measurement> rounds)
    {
        var first = rounds[0];
        var seconds = Mid(rounds.Select(r => r.Seconds));
        return first with
        {
            Requests = rounds.Sum(r => r.Requests),
            Persons = (long)(Mid(rounds.Select(r => r.PersonsPerSecond)) * seconds),
            Seconds = seconds,
            P50Ms = Mid(rounds.Select(r => r.P50Ms)),
            P99Ms = Mid(rounds.Select(r => r.P99Ms)),
            P999Ms = Mid(rounds.Select(r => r.P999Ms)),
            LogCatchUpSeconds = Mid(rounds.Select(r => r.LogCatchUpSeconds)),
            P99FromSendMs = rounds.All(r => r.P99FromSendMs is not null) ? Mid(rounds.Select(r => r.P99FromSendMs!.Value)) : null,
            LateShare = rounds.All(r => r.LateShare is not null) ? Mid(rounds.Select(r => r.LateShare!.Value)) : null,
            SendLateP99Ms = rounds.All(r => r.SendLateP99Ms is not null) ? Mid(rounds.Select(r => r.SendLateP99Ms!.Value)) : null,
            PostgresCpuMsPer1000 = rounds.All(r => r.PostgresCpuMsPer1000 is not null) ? Mid(rounds.Select(r => r.PostgresCpuMsPer1000!.Value)) : null,
            Gc = GcActivity.Median([.. rounds.Select(r => r.Gc)]),
            DriverGc = GcActivity.Median([.. rounds.Select(r => r.DriverGc)]),
            Windows = null,
            PendingList = PendingListActivity.Sum([.. rounds.Select(r => r.PendingList)]),
            Server = ServerLatency.Median([.. rounds.Select(r => r.Server)]),
        };
    }

    internal static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Concurrent clients over loopback HTTP: <c>connections</c> threads, each with one synchronous request in flight, on
/// one <see cref="SocketsHttpHandler"/> allowing that many connections; as fast as they are answered (a closed loop), or
/// paced at a rate (<see cref="OfferedLoad"/>). Stops at <c>maxRequests</c> or <c>duration</c>,
/// whichever comes first. Request bodies are prepared before the clock starts; answers are read to the end into a
/// reused buffer, so the driver, which shares the machine with the side it measures, costs each side as little as it can.
/// Run in the benchmark process it shares that process's thread pool, timers and collector with the embedded register
/// and the peer; <see cref="ChildLoadDriver"/> runs it in a process of its own.
/// </summary>
public sealed class LoadDriver(string[] identifiers, string token) : ILoadDriver
{
    /// <summary><see cref="Measurement.Driver"/> of a run driven from the benchmark process itself.</summary>
    public const string InProcess = "in-process";

    /// <summary>Requests a run sends besides the measured ones: one per connection, to warm it.</summary>
    public static int WarmRequests(int connections) => connections;

    /// <summary>The side <c>--floor</c> adds: <see cref="FloorPath"/> with no token, this host's HTTP path with no lookup in it.</summary>
    public const string FloorSide = "http-floor";

    /// <summary>The register's liveness endpoint, which answers without a check, a token or a body.</summary>
    public const string FloorPath = "/health/live";

    /// <param name="requestsPerSecond">
    /// Null for a closed loop. Else the requests are due at this even rate from the clock's start, each taken by the next
    /// free loop and sent when due. A request already due when a loop takes it is timed from when it was due, not from
    /// when a loop got to it (wrk2's correction of coordinated omission: a closed loop would leave out the queue it makes
    /// the service hide); one sent on time is timed from its send. A loop that woke late from its wait for the request
    /// before can find the next one already due, so the p99 from the send is kept too, to tell the driver's lateness
    /// from the service's.
    /// </param>
    public async Task<Measurement> RunAsync(string side, Uri baseAddress, int batch, int connections, int maxRequests, TimeSpan duration, double? requestsPerSecond = null)
    {
        var interval = requestsPerSecond is { } rate ? Stopwatch.Frequency / rate : 0;
        var floor = side == FloorSide;
        var bodies = Enumerable.Range(0, Math.Max(1, Math.Min(256, identifiers.Length / batch))).Select(b => Body(b, batch)).ToArray();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };
        // Warm the connections and the path outside the clock.
        await Task.WhenAll(Enumerable.Range(0, WarmRequests(connections)).Select(c => floor ? DrainAsync(http, null, new byte[1024]) : SendAsync(http, bodies[c % bodies.Length])));

        var latencies = new List<GcActivity.Sample>[connections];
        var fromSend = new List<long>[connections];
        var lateness = new List<long>[connections];
        var windows = new List<(long Start, long End)>[connections];
        var late = 0;
        var issued = 0;
        long persons = 0;
        var gcBefore = GcActivity.Now();
        var clock = Stopwatch.StartNew();
        var clockStarted = Stopwatch.GetTimestamp();
        // A thread of its own per connection, each blocking in a synchronous send: its answer wakes that thread
        // straight from the socket, with no hop through the thread pool, where on two cores it queued behind the
        // server's own work (docs/benchmarks.md, "A load driver of threads").
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => OnThreadOfItsOwn($"load {c}", () =>
        {
            var mine = latencies[c] = [];
            var sent = fromSend[c] = [];
            var behind = lateness[c] = [];
            var flight = windows[c] = [];
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = Interlocked.Increment(ref issued)) <= maxRequests && clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var sending = started;
                if (interval > 0)
                {
                    var due = clockStarted + (long)((n - 1) * interval);
                    if (due - clockStarted >= duration.TotalSeconds * Stopwatch.Frequency)
                    {
                        break;
                    }
                    if (due > started)
                    {
                        // Asleep until due, not spinning: spinning the last millisecond (tried 2026-12-02) tripled the
                        // p50, the spinning loops' CPU taken from the server on two cores (docs/benchmarks.md).
                        MonotonicSleep.Until(due);
                        started = sending = Stopwatch.GetTimestamp();
                    }
                    else
                    {
                        started = due;
                        Interlocked.Increment(ref late);
                    }
                    behind.Add(Math.Max(0, sending - due));
                }
                var paused = GC.GetTotalPauseDuration();
                Drain(http, floor ? null : bodies[n % bodies.Length], buffer);
                var done = Stopwatch.GetTimestamp();
                var ticks = done - started;
                sent.Add(done - sending);
                flight.Add((started, done));
                mine.Add(new GcActivity.Sample(ticks, (long)((GC.GetTotalPauseDuration() - paused).TotalSeconds * Stopwatch.Frequency)));
                Interlocked.Add(ref persons, batch);
            }
        })));
        var elapsed = clock.Elapsed;
        var gcAfter = GcActivity.Now();
        List<GcActivity.Sample> samples = [.. latencies.SelectMany(l => l)];
        return Measurement.From(side, batch, connections, [.. samples.Select(s => s.Ticks)], persons, elapsed) with
        {
            Driver = InProcess,
            Gc = GcActivity.From(gcBefore, gcAfter, samples.Count, samples),
            OfferedPersonsPerSecond = requestsPerSecond * batch,
            P99FromSendMs = interval > 0 ? Percentile.Of([.. fromSend.SelectMany(l => l).Order()], 0.99, 0L) * 1000.0 / Stopwatch.Frequency : null,
            LateShare = interval > 0 ? late / (double)Math.Max(1, samples.Count) : null,
            SendLateP99Ms = interval > 0 ? Percentile.Of([.. lateness.SelectMany(l => l).Order()], 0.99, 0L) * 1000.0 / Stopwatch.Frequency : null,
            Windows = RequestWindows.From([.. windows.SelectMany(w => w)]),
        };
    }

    /// <summary>Runs <paramref name="loop"/> on a new thread; the task ends with it, with its exception if it throws.</summary>
    private static Task OnThreadOfItsOwn(string name, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        }) { IsBackground = true, Name = name }.Start();
        return done.Task;
    }

    /// <summary>
    /// Every identifier looked up exactly once, in order, <paramref name="batch"/> at a time from <paramref name="connections"/>
    /// loops; <paramref name="progress"/> hears the persons done so far now and then. Returns the measurement and the first
    /// batch's answer (kept whole, the others are read to the end and dropped).
    /// </summary>
    public async Task<(Measurement Sweep, byte[] FirstAnswer)> SweepAsync(
        string side, Uri baseAddress, int batch, int connections, Action<long, TimeSpan>? progress)
    {
        var batches = (identifiers.Length + batch - 1) / batch;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var latencies = new List<long>[connections];
        var next = -1;
        long persons = 0;
        byte[] first = [];
        var clock = Stopwatch.StartNew();
        using var reporter = new Timer(_ => progress?.Invoke(Interlocked.Read(ref persons), clock.Elapsed), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            var mine = latencies[c] = [];
            var buffer = new byte[64 * 1024];
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches)
            {
                var body = Body(index, batch);
                var started = Stopwatch.GetTimestamp();
                if (index == 0)
                {
                    first = await SendAsync(http, body);
                }
                else
                {
                    await DrainAsync(http, body, buffer);
                }
                mine.Add(Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref persons, Math.Min(batch, identifiers.Length - index * batch));
            }
        }));
        var elapsed = clock.Elapsed;
        return (Measurement.From(side, batch, connections, [.. latencies.SelectMany(l => l)], persons, elapsed), first);
    }

    /// <summary>The answer to the <paramref name="index"/>th batch of <paramref name="batch"/> identifiers.</summary>
    public async Task<byte[]> AnswerAsync(Uri address, int index, int batch)
    {
        using var http = new HttpClient { BaseAddress = address };
        return await SendAsync(http, Body(index, batch));
    }

    /// <summary>Whether both services answer the first <paramref name="batch"/> persons with the same bytes.</summary>
    public async Task<bool> SameAnswerAsync(Uri one, Uri other, int batch)
    {
        using var first = new HttpClient { BaseAddress = one };
        using var second = new HttpClient { BaseAddress = other };
        var body = Body(0, batch);
        var answer = await SendAsync(first, body);
        var peer = await SendAsync(second, body);
        return answer.SequenceEqual(peer);
    }

    private byte[] Body(int index, int batch) =>
        Encoding.UTF8.GetBytes($$"""{"personidentifikatorer":["{{string.Join("\",\"", identifiers.Skip(index * batch).Take(batch))}}"]}""");

    /// <summary>One lookup; its answer's bytes (for checking that the sides answer alike).</summary>
    private async Task<byte[]> SendAsync(HttpClient http, byte[] body)
    {
        using var request = Request(body);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var answer = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {http.BaseAddress}: {Encoding.UTF8.GetString(answer)}");
        }
        return answer;
    }

    /// <summary>One timed lookup (or with no body the floor's request), sent synchronously on the calling thread: the answer is read to its end through <paramref name="buffer"/> and dropped.</summary>
    private void Drain(HttpClient http, byte[]? body, byte[] buffer)
    {
        using var request = body is null ? new HttpRequestMessage(HttpMethod.Get, FloorPath) : Request(body);
        using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream());
            throw new HttpRequestException($"{(int)response.StatusCode} from {http.BaseAddress}: {reader.ReadToEnd()}");
        }
        using var stream = response.Content.ReadAsStream();
        while (stream.Read(buffer) > 0)
        {
        }
    }

    /// <summary>The warming and sweeping counterpart of <see cref="Drain"/>.</summary>
    private async Task DrainAsync(HttpClient http, byte[]? body, byte[] buffer)
    {
        using var request = body is null ? new HttpRequestMessage(HttpMethod.Get, FloorPath) : Request(body);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {http.BaseAddress}: {await response.Content.ReadAsStringAsync()}");
        }
        await using var stream = await response.Content.ReadAsStreamAsync();
        int read;
        do
        {
            read = await stream.ReadAsync(buffer);
        }
        while (read > 0);
    }

    private HttpRequestMessage Request(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/rest/v2/personer") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
