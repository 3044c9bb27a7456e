using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// The dashboard in real headless Chromium against a real <c>hourglass serve</c> with <c>web.auth</c>: signing in
/// and out, the overview against <c>status --json</c>, a backup started from the page and followed live, a refused
/// restore, what an anonymous client and a cross-site post get, the sign-in limit, and that no secret is ever shown.
/// Each test saves a screenshot (<see cref="HeadlessChromium.Artifacts"/>).
/// </summary>
public sealed partial class DashboardBrowserTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IBrowserContext> SignedInAsync() => node.Browser.ContextAsync(node.SignedIn);

    [Fact]
    public async Task SignIn_WithThePassword_LandsOnTheOverview()
    {
        await using var context = await node.Browser.ContextAsync(forwardedFor: "198.51.100.2");
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await HeadlessChromium.FillSignInAsync(page, SecuredNode.User, SecuredNode.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        await HeadlessChromium.ScreenshotAsync(page, nameof(SignIn_WithThePassword_LandsOnTheOverview));
        Assert.Equal("Overview", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = $"Sign out {SecuredNode.User}" }).IsVisibleAsync());
    }

    [Fact]
    public async Task Overview_DatabasesStatesAndNewestSets_MatchStatusJson()
    {
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var status = await node.Workspace.RunAsync(Ct, "status", "--json");
        using var document = JsonDocument.Parse(status.Stdout);
        var root = document.RootElement;

        await HeadlessChromium.ScreenshotAsync(page, nameof(Overview_DatabasesStatesAndNewestSets_MatchStatusJson));
        var rows = page.Locator("#databases tbody tr");
        Assert.Equal(root.GetProperty("databases").GetArrayLength(), await rows.CountAsync());
        foreach (var database in root.GetProperty("databases").EnumerateArray())
        {
            var name = database.GetProperty("name").GetString()!;
            var row = page.Locator($"#databases tr[data-database='{name}']");
            var red = database.GetProperty("stale").GetBoolean() || database.GetProperty("verification").GetString() == "failed";
            Assert.Equal(red ? "red" : "green", await row.GetAttributeAsync("data-state"));
            Assert.Equal(database.GetProperty("newestGoodSet").GetString() ?? "", await row.GetAttributeAsync("data-newest-set") ?? "");
        }

        Assert.Equal(root.GetProperty("healthy").GetBoolean() ? "true" : "false", await page.Locator("#health").GetAttributeAsync("data-healthy"));
    }

    [Fact]
    public async Task BackUpNow_ClickedOnTheOverview_CompletesWhileThePageWatches()
    {
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.EvaluateAsync("window.hourglassTestMark = 1"); // gone if the page reloads

        await page.GetByRole(AriaRole.Button, new() { Name = "Back up now: hourly" }).ClickAsync();
        var flash = page.Locator("#flash.ok");
        await flash.WaitForAsync();
        var id = QueuedJob().Match(await flash.InnerTextAsync()).Groups[1].Value;
        await page.Locator($"#recent-jobs tr[data-job='{id}'][data-state='completed']").WaitForAsync(new() { Timeout = 90_000 });
        await page.Locator($"#databases tr[data-database='{node.NotYet}'][data-state='green']").WaitForAsync(new() { Timeout = 30_000 });

        await HeadlessChromium.ScreenshotAsync(page, nameof(BackUpNow_ClickedOnTheOverview_CompletesWhileThePageWatches));
        Assert.Equal(1, await page.EvaluateAsync<int>("window.hourglassTestMark"));
        Assert.StartsWith("hourly/", await page.Locator($"#databases tr[data-database='{node.NotYet}']").GetAttributeAsync("data-newest-set"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreIntoExistingNonEmptyDatabase_RefusedWithOneLineAndNothingQueued()
    {
        var set = node.Workspace.AllSets().First(s => s.Manifest?.Find(node.BackedUp) is not null);
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/sets/{set.Id}");

        await page.Locator("form.restore select[name='database']").SelectOptionAsync(node.BackedUp);
        await page.GetByLabel("Into new database").FillAsync(node.BackedUp);
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore into new database" }).ClickAsync();
        var flash = page.Locator("#flash.bad");
        await flash.WaitForAsync();

        await HeadlessChromium.ScreenshotAsync(page, nameof(RestoreIntoExistingNonEmptyDatabase_RefusedWithOneLineAndNothingQueued));
        Assert.Equal($"database '{node.BackedUp}' already exists and is not empty: restore into a new database name (only `hourglass restore --force` replaces one)", await flash.InnerTextAsync());
        var restores = await node.Workspace.RunAsync(Ct, "jobs", "--kind", "restore", "--json");
        Assert.Equal(0, JsonDocument.Parse(restores.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task SignOut_EndsTheSession_PagesThenRedirectToSignIn()
    {
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/jobs");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign out {SecuredNode.User}" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await page.GotoAsync("/nodes");
        var api = await context.APIRequest.GetAsync("/api/v1/status", new() { MaxRedirects = 0 });

        await HeadlessChromium.ScreenshotAsync(page, nameof(SignOut_EndsTheSession_PagesThenRedirectToSignIn));
        Assert.Equal("/login?returnUrl=%2Fnodes", new Uri(page.Url).PathAndQuery);
        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task Anonymous_PagesRedirectToSignIn_ApiAndMetricsAnswer401_HealthOpen()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.Node.Address };
        var answers = new Dictionary<string, (HttpStatusCode, string?)>();
        foreach (var path in new[] { "/", "/sets", "/jobs/1", "/alerts", "/api/v1/status", "/api/v1/events", "/metrics", "/healthz", "/login" })
        {
            using var response = await http.GetAsync(path, Ct);
            answers[path] = (response.StatusCode, response.Headers.Location?.ToString());
        }

        await using var context = await node.Browser.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/alerts");
        await HeadlessChromium.ScreenshotAsync(page, nameof(Anonymous_PagesRedirectToSignIn_ApiAndMetricsAnswer401_HealthOpen));

        Assert.Equal((HttpStatusCode.Redirect, "/login?returnUrl=%2F"), answers["/"]);
        Assert.Equal((HttpStatusCode.Redirect, "/login?returnUrl=%2Fsets"), answers["/sets"]);
        Assert.Equal((HttpStatusCode.Redirect, "/login?returnUrl=%2Fjobs%2F1"), answers["/jobs/1"]);
        Assert.Equal((HttpStatusCode.Redirect, "/login?returnUrl=%2Falerts"), answers["/alerts"]);
        Assert.Equal(HttpStatusCode.Unauthorized, answers["/api/v1/status"].Item1);
        Assert.Equal(HttpStatusCode.Unauthorized, answers["/api/v1/events"].Item1);
        Assert.Equal(HttpStatusCode.Unauthorized, answers["/metrics"].Item1);
        Assert.Equal(HttpStatusCode.OK, answers["/healthz"].Item1);
        Assert.Equal(HttpStatusCode.OK, answers["/login"].Item1);
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task PostWithSessionButNoAntiforgeryToken_Rejected_SameWithBearerTokenAccepted()
    {
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var withSession = await context.APIRequest.PostAsync("/api/v1/verifications", new() { DataObject = new { tier = "hourly" } });
        using var http = new HttpClient { BaseAddress = node.Node.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verifications") { Content = new StringContent("""{"tier":"hourly"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", node.Token);
        using var withToken = await http.SendAsync(request, Ct);
        await HeadlessChromium.ScreenshotAsync(page, nameof(PostWithSessionButNoAntiforgeryToken_Rejected_SameWithBearerTokenAccepted));

        Assert.Equal(400, withSession.Status);
        Assert.Contains("antiforgery", await withSession.TextAsync(), StringComparison.Ordinal);
        Assert.True(withToken.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, await withToken.Content.ReadAsStringAsync(Ct));
        using var job = JsonDocument.Parse(await withToken.Content.ReadAsStringAsync(Ct));
        Assert.Equal("verify", job.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task SignIn_SixthAttemptFromOneAddressInAMinute_Refused429EvenWithThePassword()
    {
        await using var context = await node.Browser.ContextAsync(forwardedFor: "203.0.113.9");
        var page = await context.NewPageAsync();
        var statuses = new List<int>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await page.GotoAsync("/login");
            await HeadlessChromium.FillSignInAsync(page, SecuredNode.User, attempt < 5 ? "wrong password" : SecuredNode.Password);
            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
                r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/login");
            statuses.Add(response.Status);
        }

        await HeadlessChromium.ScreenshotAsync(page, nameof(SignIn_SixthAttemptFromOneAddressInAMinute_Refused429EvenWithThePassword));
        Assert.Equal([401, 401, 401, 401, 401, 429], statuses);
        Assert.Equal("Too many sign-in attempts from your address: wait a minute, then try again.", await page.Locator("p.error").InnerTextAsync());
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task EveryPage_ShowsNoConfiguredSecret()
    {
        var secrets = new[] { SecuredNode.Password, node.Token, node.Cluster.Password, (await File.ReadAllTextAsync(Path.Combine(node.Workspace.Folder, "web.password"), Ct)).Trim() }.Where(s => s.Length > 0).ToList();
        var set = node.Workspace.AllSets().First();
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        var seen = new StringBuilder();
        foreach (var path in new[] { "/", "/sets", $"/sets/{set.Id}", "/jobs", "/jobs/1", "/nodes", "/alerts", "/login" })
        {
            await page.GotoAsync(path);
            seen.AppendLine(await page.ContentAsync());
        }

        await HeadlessChromium.ScreenshotAsync(page, nameof(EveryPage_ShowsNoConfiguredSecret));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, seen.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Actions_SameVerificationTwice_SecondAnswers200WithTheQueuedJob()
    {
        var set = node.Workspace.AllSets().First();
        var body = $$"""{"set":"{{set.Id}}","restore":true}""";

        var (first, firstJob) = await PostWithTokenAsync("/api/v1/verifications", body);
        var (second, secondJob) = await PostWithTokenAsync("/api/v1/verifications", body);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (first, second));
        Assert.Equal(firstJob.GetProperty("id").GetInt64(), secondJob.GetProperty("id").GetInt64());
        await ScreenshotJobsAsync(nameof(Actions_SameVerificationTwice_SecondAnswers200WithTheQueuedJob));
    }

    [Fact]
    public async Task Actions_FinishedJobCancelOrRetry409_UnknownJob404()
    {
        var (_, queued) = await PostWithTokenAsync("/api/v1/backups", """{"tier":"daily"}""");
        var id = queued.GetProperty("id").GetInt64();
        var ledger = Hourglass.Ledger.JobLedgerFactory.Create(new Hourglass.Configuration.HourglassOptions { BackupRoot = node.Workspace.Root });
        await Infrastructure.Eventually.GetAsync(async () => await ledger.GetAsync(id, Ct) is { IsFinished: true } job ? job : null, TimeSpan.FromSeconds(90), $"job {id}");

        var (cancel, cancelError) = await PostWithTokenAsync($"/api/v1/jobs/{id}/cancel", "");
        var (retry, retryError) = await PostWithTokenAsync($"/api/v1/jobs/{id}/retry", "");
        var (unknown, _) = await PostWithTokenAsync("/api/v1/jobs/999999/retry", "");

        await ScreenshotJobsAsync(nameof(Actions_FinishedJobCancelOrRetry409_UnknownJob404));
        Assert.Equal((HttpStatusCode.Conflict, $"job {id} has already finished, so there is nothing to cancel: see `hourglass jobs show {id}`"), (cancel, cancelError.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, retry);
        Assert.StartsWith($"job {id} is not discarded or cancelled", retryError.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostWithTokenAsync(string path, string json)
    {
        using var http = new HttpClient { BaseAddress = node.Node.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", node.Token);
        using var response = await http.SendAsync(request, Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, document.RootElement.Clone());
    }

    private async Task ScreenshotJobsAsync(string name)
    {
        await using var context = await SignedInAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/jobs");
        await HeadlessChromium.ScreenshotAsync(page, name);
    }

    [GeneratedRegex(@"queued as job (\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex QueuedJob();
}
