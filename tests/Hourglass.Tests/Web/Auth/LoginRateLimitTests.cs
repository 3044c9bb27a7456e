using System.Net;
using Hourglass.Web.Auth;

namespace Hourglass.Tests.Web.Auth;

public sealed class LoginRateLimitTests
{
    [Theory]
    // IPv4: each address is a client of its own, also when it arrives mapped into IPv6.
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    // IPv6: every address of one /64 is one client, whatever its last 64 bits.
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("fe80::1%2", "fe80::/64")]
    [InlineData("::1", "::/64")]
    public void Client_IPv4ByAddress_IPv6ByItsSlash64(string address, string client) =>
        Assert.Equal(client, LoginRateLimit.Client(IPAddress.Parse(address)));

    [Fact]
    public void Client_NoAddress_OneSharedClient() =>
        Assert.Equal("unknown", LoginRateLimit.Client(null));
}
