namespace Krr.Grains.Statistics;

public static class Share
{
    /// <summary>Percent with two decimals, halves away from zero as published; 0 of nothing is 0.</summary>
    public static decimal Percent(long part, long whole) =>
        whole == 0 ? 0m : Math.Round(100m * part / whole, 2, MidpointRounding.AwayFromZero);
}
