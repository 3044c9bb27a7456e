using Hourglass.Web.Auth;

namespace Hourglass.Tests.Web;

public sealed class LoopbackHostsTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.53", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", true)]
    [InlineData("rebound.example", false)]
    [InlineData("localhost.example", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("", false)]
    public void IsLoopback_OnlyLoopbackNamesAndAddresses(string host, bool loopback) =>
        Assert.Equal(loopback, LoopbackHosts.IsLoopback(host));
}
