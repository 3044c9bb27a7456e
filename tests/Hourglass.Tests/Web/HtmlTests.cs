using Hourglass.Web.Dashboard;

namespace Hourglass.Tests.Web;

public sealed class HtmlTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("\" onmouseover=\"x", "&quot; onmouseover=&quot;x")]
    [InlineData("it's & more", "it&#x27;s &amp; more")]
    public void Of_TextInAHole_IsEncoded(string text, string encoded) =>
        Assert.Equal($"<td title=\"{encoded}\">{encoded}</td>", Html.Of($"<td title=\"{text}\">{text}</td>").Value);

    [Fact]
    public void Of_MarkupInAHole_IsKeptAsItIs()
    {
        var inner = Html.Of($"<b>{"x<y"}</b>");

        Assert.Equal("<p><b>x&lt;y</b></p>", Html.Of($"<p>{inner}</p>").Value);
    }

    [Fact]
    public void Of_NumbersInAHole_UseTheInvariantCulture() =>
        Assert.Equal("<i>1234.5</i>", Html.Of($"<i>{1234.5}</i>").Value);

    [Fact]
    public void Join_RendersEachItemInOrder() =>
        Assert.Equal("<li>a&amp;</li><li>b</li>", Html.Join(["a&", "b"], s => Html.Of($"<li>{s}</li>")).Value);
}
