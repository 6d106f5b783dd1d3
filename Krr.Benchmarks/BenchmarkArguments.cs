namespace Krr.Benchmarks;

/// <summary><c>--name value</c> pairs after the scenario name.</summary>
public sealed class BenchmarkArguments(IReadOnlyDictionary<string, string> values)
{
    public static BenchmarkArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            // A flag (--quick) is followed by another flag or nothing; an option by its value.
            var flag = i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[args[i].TrimStart('-')] = flag ? "true" : args[++i];
        }
        return new BenchmarkArguments(values);
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public double Double(string name, double fallback) => values.TryGetValue(name, out var value) ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    /// <summary>The options and flags again as arguments, but for <paramref name="except"/>: for a scenario run as a child process.</summary>
    public IEnumerable<string> Pass(IReadOnlyCollection<string> except) =>
        values.Where(v => !except.Contains(v.Key)).SelectMany(v => new[] { "--" + v.Key, v.Value });

    public int Int(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
