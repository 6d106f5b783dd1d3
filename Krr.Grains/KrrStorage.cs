namespace Krr.Grains;

/// <summary>The grain storage provider every Krr grain persists through (AdoNet on PostgreSQL).</summary>
public static class KrrStorage
{
    public const string Name = "krr";
}
