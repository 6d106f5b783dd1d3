namespace Krr.Hosting.Orleans;

/// <summary>The grain storage provider every Krr grain uses: <c>[PersistentState("uniqueName", KrrStorage.Name)]</c>.</summary>
public static class KrrStorage
{
    public const string Name = "krr";

    /// <summary>ADO.NET invariant of the PostgreSQL provider (Npgsql).</summary>
    public const string Invariant = "Npgsql";
}
