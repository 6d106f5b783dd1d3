namespace Krr.Grains.Statistics;

/// <summary>
/// Municipalities the population generator places residents in, with approximate populations (thousands, 2024)
/// as weights, and their names for the statistics. A selection from every county, large and small, not the
/// full list: a municipality outside it is still valid everywhere, it only has no name here.
/// </summary>
public static class Municipalities
{
    public static IReadOnlyList<(string Number, string Name, double Weight)> Known { get; } =
    [
        ("0301", "Oslo", 717), ("1103", "Stavanger", 148), ("1106", "Haugesund", 38), ("1108", "Sandnes", 83),
        ("1124", "Sola", 28), ("1151", "Utsira", 0.2), ("1505", "Kristiansund", 24), ("1507", "Ålesund", 67),
        ("1520", "Ørsta", 11), ("1577", "Volda", 11), ("1804", "Bodø", 53), ("1806", "Narvik", 22),
        ("1811", "Bindal", 1.4), ("1813", "Brønnøy", 8), ("3103", "Moss", 51), ("3105", "Sarpsborg", 58),
        ("3107", "Fredrikstad", 84), ("3201", "Bærum", 130), ("3203", "Asker", 98), ("3205", "Lillestrøm", 90),
        ("3207", "Nordre Follo", 62), ("3209", "Ullensaker", 42), ("3301", "Drammen", 103), ("3303", "Kongsberg", 28),
        ("3403", "Hamar", 32), ("3405", "Lillehammer", 29), ("3407", "Gjøvik", 31), ("3411", "Ringsaker", 35),
        ("3413", "Stange", 21), ("3905", "Tønsberg", 58), ("3907", "Sandefjord", 65), ("3909", "Larvik", 48),
        ("3911", "Færder", 27), ("4001", "Porsgrunn", 37), ("4003", "Skien", 55), ("4203", "Arendal", 46),
        ("4204", "Kristiansand", 116), ("4601", "Bergen", 291), ("4602", "Kinn", 17), ("4626", "Øygarden", 39),
        ("5001", "Trondheim", 214), ("5006", "Steinkjer", 24), ("5007", "Namsos", 15), ("5501", "Tromsø", 78),
        ("5601", "Alta", 21), ("5603", "Hammerfest", 11), ("5605", "Sør-Varanger", 10), ("5632", "Båtsfjord", 2),
    ];

    private static readonly Dictionary<string, string> Names = Known.ToDictionary(m => m.Number, m => m.Name, StringComparer.Ordinal);

    public static string? NameOf(string number) => Names.GetValueOrDefault(number);
}
