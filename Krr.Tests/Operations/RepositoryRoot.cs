namespace Krr.Tests.Operations;

internal static class RepositoryRoot
{
    /// <summary>The folder holding Krr.sln, found by walking up from the test binaries.</summary>
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Krr.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Krr.sln above {AppContext.BaseDirectory}.");
    }
}
