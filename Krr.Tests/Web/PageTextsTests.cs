using System.Text.RegularExpressions;
using Krr.Api.Web;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Web;

/// <summary>Every text of the pages exists in bokmål, nynorsk and English.</summary>
public sealed partial class PageTextsTests
{
    [Fact]
    public void Every_catalogue_entry_has_all_three_languages()
    {
        var missing = PageTexts.Entries
            .Where(e => string.IsNullOrWhiteSpace(e.Nb) || string.IsNullOrWhiteSpace(e.Nn) || string.IsNullOrWhiteSpace(e.En))
            .Select(e => e.Key)
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_text_key_a_page_names_is_in_the_catalogues()
    {
        var views = Directory.EnumerateFiles(RepositoryPaths.File("Krr.Api"), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var keys = views.SelectMany(f => TextKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value))).ToList();
        Assert.True(keys.Count > 100, $"only {keys.Count} keys found");
        Assert.DoesNotContain(keys, k => !PageTexts.Has(k.Key));
        Assert.Equal("Mobilnummeret er ugyldig", PageTexts.For("mobil.invalid", "nb"));
        Assert.Equal("Kontaktopplysningane dine", PageTexts.For("minprofil.title", "nn"));
    }

    [GeneratedRegex("""T(?:\[|\.Format\()"(?<key>[a-z][a-z0-9._-]*)"[\],]""")]
    private static partial Regex TextKey();
}
