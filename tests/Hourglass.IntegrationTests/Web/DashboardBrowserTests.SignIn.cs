using System.Net;
using System.Text.RegularExpressions;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// Sign-in as a plain HTTP client sees it (no browser, so no browser's own URL clean-up hides what the server sent):
/// where a sign-in sends the person on to, what counts as one client for the sign-in limit, and what the public
/// sign-in page tells an anonymous visitor.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    /// <summary>Each sign-in comes from an address of its own, so none of them counts against another's limit.</summary>
    private static int s_nextClient;

    [Theory]
    [InlineData("/\t/evil.com", "/")]
    [InlineData("//evil.com", "/")]
    [InlineData("/\\evil.com", "/")]
    [InlineData("https://evil.com", "/")]
    [InlineData("/jobs", "/jobs")]
    [InlineData("/jobs?state=failed", "/jobs?state=failed")]
    public async Task SignIn_ReturnUrl_RedirectsOnlyToAPathOnThisHost(string returnUrl, string location)
    {
        using var client = new SignInClient(node.Node.Address, $"192.0.2.{Interlocked.Increment(ref s_nextClient)}");

        var (status, afterSignIn) = await client.SignInAsync(SecuredNode.User, SecuredNode.Password, returnUrl);
        using var signedIn = await client.Http.GetAsync($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}", Ct);

        Assert.Equal((HttpStatusCode.Redirect, location), (status, afterSignIn));
        Assert.Equal((HttpStatusCode.Redirect, location), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task SignIn_SixthAttemptFromOneIPv6Slash64_Refused429WhateverTheAddressInIt()
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var client = new SignInClient(node.Node.Address, $"2001:db8:5:6::{attempt:x}");
            statuses.Add((await client.SignInAsync(SecuredNode.User, attempt < 6 ? "wrong password" : SecuredNode.Password, "/")).Status);
        }

        using var otherNetwork = new SignInClient(node.Node.Address, "2001:db8:5:7::1");
        var elsewhere = await otherNetwork.SignInAsync(SecuredNode.User, SecuredNode.Password, "/");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.Status);
    }

    [Fact]
    public async Task SignInPage_Anonymous_DoesNotNameTheConfiguredUser()
    {
        using var client = new SignInClient(node.Node.Address, "192.0.2.200");

        var page = await client.Http.GetStringAsync("/login", Ct);

        Assert.Contains("name=\"user\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(SecuredNode.User, page, StringComparison.Ordinal);
    }

    /// <summary>A client with its own cookies that follows no redirect, as a script would sign in.</summary>
    private sealed partial class SignInClient(Uri address, string forwardedFor) : IDisposable
    {
        public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = address,
            DefaultRequestHeaders = { { "X-Forwarded-For", forwardedFor } },
        };

        /// <summary>Posts the sign-in form with the antiforgery token the form carries; answers the status and <c>Location</c>.</summary>
        public async Task<(HttpStatusCode Status, string? Location)> SignInAsync(string user, string password, string returnUrl)
        {
            var form = await Http.GetStringAsync("/login", Ct);
            var token = AntiforgeryToken().Match(form).Groups[1].Value;
            using var post = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__hourglass_antiforgery"] = token,
                ["user"] = user,
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            });
            using var response = await Http.PostAsync("/login", post, Ct);
            return (response.StatusCode, response.Headers.Location?.OriginalString);
        }

        public void Dispose() => Http.Dispose();

        [GeneratedRegex("name=\"__hourglass_antiforgery\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}
