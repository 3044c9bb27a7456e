using Microsoft.Playwright;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright through its executable path (Playwright never downloads a
/// browser here), with a fresh profile per launch. Screenshots go to HOURGLASS_TEST_ARTIFACTS, or to
/// <c>artifacts/browser</c> beside the test binary: never into the repository.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, Uri address)
    {
        _playwright = playwright;
        _browser = browser;
        Address = address;
    }

    /// <summary>The web host's base address.</summary>
    public Uri Address { get; }

    /// <summary>Where screenshots are saved.</summary>
    public static string Artifacts { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("HOURGLASS_TEST_ARTIFACTS") is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "artifacts"),
        "browser");

    public static async Task<HeadlessChromium> LaunchAsync(Uri address)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, browser, address);
    }

    /// <summary>
    /// A fresh context (no cookies unless <paramref name="storageState"/>). <paramref name="forwardedFor"/> is the
    /// client address the sign-in limit counts (the host believes X-Forwarded-For from loopback, as from a local
    /// proxy), so each test that signs in has its own count.
    /// </summary>
    public Task<IBrowserContext> ContextAsync(string? storageState = null, string? forwardedFor = null) =>
        _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            StorageState = storageState,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ExtraHTTPHeaders = forwardedFor is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor },
        });

    /// <summary>Fills the sign-in form on whatever page <paramref name="page"/> is sent to, and waits to land on the overview.</summary>
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/login");
        await FillSignInAsync(page, user, password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>Fills the sign-in form's user and password (the page never fills in the user).</summary>
    public static async Task FillSignInAsync(IPage page, string user, string password)
    {
        await page.GetByLabel("User").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
    }

    /// <summary>Saves a full-page screenshot named for the test, and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
