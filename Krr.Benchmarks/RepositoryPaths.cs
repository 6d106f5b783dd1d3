namespace Krr.Benchmarks;

/// <summary>Where the repository and the other projects' build output are, seen from the running program (a test run or a benchmark).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Build configuration of this run (Debug or Release), read from the running assembly's output path.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ProjectOutput(string project) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Krr.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Krr.sln above {AppContext.BaseDirectory}.");
    }
}
