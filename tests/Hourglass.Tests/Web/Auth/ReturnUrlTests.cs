using Hourglass.Web.Auth;

namespace Hourglass.Tests.Web.Auth;

public sealed class ReturnUrlTests
{
    [Theory]
    // Paths on this host are kept as given.
    [InlineData("/", "/")]
    [InlineData("/jobs", "/jobs")]
    [InlineData("/jobs?state=failed&kind=backup", "/jobs?state=failed&kind=backup")]
    [InlineData("/sets/daily/2025-10-25T120000Z", "/sets/daily/2025-10-25T120000Z")]
    [InlineData("~/", "~/")]
    [InlineData("~/alerts", "~/alerts")]
    // Another host, however it is spelled, is the overview instead.
    [InlineData("//evil.com", "/")]
    [InlineData("/\\evil.com", "/")]
    [InlineData("~//evil.com", "/")]
    [InlineData("~/\\evil.com", "/")]
    [InlineData("https://evil.com", "/")]
    [InlineData("evil.com", "/")]
    // Browsers drop tabs and line breaks inside a URL, so these would become //evil.com.
    [InlineData("/\t/evil.com", "/")]
    [InlineData("/\n/evil.com", "/")]
    [InlineData("/\r\\evil.com", "/")]
    [InlineData("~/\t/evil.com", "/")]
    [InlineData("/jobs\u0000", "/")]
    [InlineData("/jobs /x", "/")]
    [InlineData("/jobs\u00a0", "/")]
    // Nothing, or not a path.
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("~", "/")]
    [InlineData(" /jobs", "/")]
    public void LocalOrRoot_OnlyAPathOnThisHost_ElseTheOverview(string? returnUrl, string expected) =>
        Assert.Equal(expected, ReturnUrl.LocalOrRoot(returnUrl));
}
