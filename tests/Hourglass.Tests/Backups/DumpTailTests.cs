using System.Text;
using Hourglass.Backups;

namespace Hourglass.Tests.Backups;

public sealed class DumpTailTests
{
    private const string Complete = "-- PostgreSQL database dump complete";

    [Theory]
    [InlineData("SELECT 1;\n\n--\n-- PostgreSQL database dump complete\n--\n\n", true)]
    [InlineData("SELECT 1;\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abcDEF123\n\n", true)]
    [InlineData("-- PostgreSQL database dump complete", true)]
    [InlineData("SELECT 1;\n--\n-- PostgreSQL database dump complete\n--\nSELECT 2;\n", false)]
    [InlineData("COPY public.t (a) FROM stdin;\n1\n2\n", false)]
    [InlineData("", false)]
    [InlineData("-- PostgreSQL database dump complete, or so it says\n", false)]
    public void EndsWith_RecognisesOnlyAFinishedDump(string text, bool expected)
    {
        var tail = new DumpTail();

        tail.Append(Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, tail.EndsWith(Complete));
    }

    [Fact]
    public void EndsWith_LongStreamInSmallChunks_LooksOnlyAtTheEnd()
    {
        var tail = new DumpTail();
        var body = Encoding.UTF8.GetBytes(new string('x', 10_000) + "\n" + Complete + "\n--\n");

        foreach (var chunk in body.Chunk(7))
        {
            tail.Append(chunk);
        }

        Assert.True(tail.EndsWith(Complete));
    }
}
