using Hourglass.Alerts;

namespace Hourglass.Tests.Alerts;

/// <summary>The dead man's switch's signals go into the check URL's path, whatever else the URL holds.</summary>
public sealed class DeadMansSwitchTests
{
    [Theory]
    [InlineData("https://hc-ping.com/5f1c", "/start", "https://hc-ping.com/5f1c/start")]
    [InlineData("https://hc-ping.com/5f1c/", "/fail", "https://hc-ping.com/5f1c/fail")]
    [InlineData("https://hc-ping.com/5f1c", "", "https://hc-ping.com/5f1c")]
    [InlineData("https://ping.example/check?token=abc&rid=1", "/start", "https://ping.example/check/start?token=abc&rid=1")]
    [InlineData("https://ping.example/check/?token=abc", "/fail", "https://ping.example/check/fail?token=abc")]
    [InlineData("https://ping.example:8443/a%20b?k=v", "/fail", "https://ping.example:8443/a%20b/fail?k=v")]
    [InlineData("https://u:p@ping.example/c", "/start", "https://u:p@ping.example/c/start")]
    public void SignalUrl_PutsTheSignalIntoThePath_BeforeAnyQuery(string url, string signal, string expected) =>
        Assert.Equal(expected, DeadMansSwitch.SignalUrl(url, signal));
}
