using PuppeteerSharp;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>Debian's headless Chromium (no browser download) logged in to the console, and waiting on a condition in the page.</summary>
public static class ConsoleBrowser
{
    public const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static Task<IBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (apt-get install chromium)");
        return Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--mute-audio", "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-background-networking"],
        });
    }

    /// <summary>A page logged in as the administrator through the login form.</summary>
    public static async Task<IPage> LogInAsync(IBrowser browser, string baseUrl)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await page.GoToAsync(baseUrl + "/console/login");
        await page.TypeAsync("#user", "admin");
        await page.TypeAsync("#password", ConsoleApplianceFixture.AdminPassword);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#login-button"));
        await UntilAsync(page, "() => document.getElementById('who').textContent.includes('admin') && document.querySelectorAll('#cameras tbody tr').length > 0");
        return page;
    }

    /// <summary>Awaits <paramref name="condition"/> in the page; a timeout names the condition and the player's state (screenshot timeout.png).</summary>
    public static async Task UntilAsync(IPage page, string condition)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (WaitTaskTimeoutException)
        {
            Directory.CreateDirectory(ConsoleBrowserTests.ArtifactDirectory);
            await page.ScreenshotAsync(Path.Combine(ConsoleBrowserTests.ArtifactDirectory, "timeout.png"));
            var player = await page.EvaluateExpressionAsync<string>(
                "JSON.stringify({ player: window.nvrPlayer || null, currentTime: document.getElementById('player').currentTime, error: document.getElementById('error').textContent, status: document.getElementById('player-status').textContent })");
            throw new Xunit.Sdk.XunitException($"within {Patience.TotalSeconds} s this never held in the page: {condition}; {player} (screenshot: timeout.png)");
        }
    }
}
