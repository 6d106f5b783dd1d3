using Deque.AxeCore.Playwright;
using Krr.Tests.Api;
using Microsoft.Playwright;

namespace Krr.Tests.Web;

/// <summary>
/// The embedded register in the Development environment (development sign-in on, demo data loaded) and one
/// headless Chromium for all the page tests: the machine's own browser (Debian's <c>chromium</c>, installed by
/// <c>.ci/run</c>), driven by Playwright, which never downloads one.
/// </summary>
public sealed class BrowserDeployment : EmbeddedDeployment
{
    /// <summary>The system browser; <c>KRR_CHROMIUM</c> overrides it.</summary>
    private static readonly string Chromium = Environment.GetEnvironmentVariable("KRR_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where each test leaves its screenshots: under the test output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override string[] Arguments => ["--environment", "Development"];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Krr:Auth:DevelopmentIssuer", "true"),
        new("Krr:DemoData:Enabled", "true"),
        new("Krr:DemoData:GeneratedPersons", "300"),
    ];

    public override async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"No browser at {Chromium}: install Debian's chromium (apt-get install chromium) or set KRR_CHROMIUM.");
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // The CI container runs as root, where Chromium's sandbox cannot start, and its /dev/shm may be small.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser session (own cookies) on the register, speaking <paramref name="acceptLanguage"/>.</summary>
    public async Task<IPage> NewPageAsync(string acceptLanguage = "nb-NO,nb;q=0.9")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Http.BaseAddress!.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage },
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as <c>name.png</c> and requires axe-core to find no serious or critical violation.</summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        var result = await page.RunAxe();
        var failures = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.True(failures.Count == 0, $"{name} ({page.Url}): {string.Join("\n", failures)}");
    }
}
