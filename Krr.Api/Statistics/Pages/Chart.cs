namespace Krr.Api.Statistics.Pages;

/// <summary>One series for a server-drawn SVG chart: labels, values and the values as the reader sees them.</summary>
public sealed record Chart(string Id, string Title, IReadOnlyList<(string Label, double Value, string Text)> Points)
{
    public double Max => Points.Count == 0 ? 0 : Math.Max(Points.Max(p => p.Value), 1e-9);
}
