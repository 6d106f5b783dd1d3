using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Krr.Benchmarks;

/// <summary>A project's built program run with <c>dotnet</c> as a real process, its output kept for failure messages.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    private ChildProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard input, for a process started with <c>input: true</c>; its standard output's lines are then in <see cref="Lines"/> too.</summary>
    public StreamWriter Input => _process.StandardInput;

    /// <summary>Standard output's lines as they come (only with <c>input: true</c>); completed when the process has exited.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    public static ChildProcess Start(string project, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(project, environment, input: false, niceness: null, args);

    /// <param name="input">Whether the parent talks to the process: writes to its <see cref="Input"/> and reads its <see cref="Lines"/>.</param>
    /// <param name="niceness">
    /// The scheduling niceness to run it at (through <c>nice</c>, so every thread of it has it), or null for the parent's.
    /// A negative one needs root; without it <c>nice</c> says so and runs the program at the parent's.
    /// </param>
    public static ChildProcess Start(string project, IReadOnlyDictionary<string, string> environment, bool input, int? niceness, params string[] args)
    {
        var program = RepositoryPaths.ProjectOutput(project);
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"{project} is not built at {program}; build the solution first.");
        }
        var info = new ProcessStartInfo(niceness is null ? "dotnet" : "nice")
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input,
            UseShellExecute = false,
        };
        if (niceness is { } n)
        {
            foreach (var arg in new[] { "-n", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet" })
            {
                info.ArgumentList.Add(arg);
            }
        }
        info.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var child = new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, e) =>
        {
            child.Append(e.Data);
            if (!input)
            {
                return;
            }
            if (e.Data is null)
            {
                child._lines.Writer.TryComplete();
            }
            else
            {
                child._lines.Writer.TryWrite(e.Data);
            }
        };
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the process to shut down (SIGTERM, as an operator's stop does) and waits for it; kills it if it hangs.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await signal.WaitForExitAsync();
        }
        try
        {
            await WaitForExitAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>Ends the process at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
