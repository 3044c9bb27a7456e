using Hourglass.Postgres;

namespace Hourglass.Tests.Postgres;

public sealed class PgClientChoiceTests
{
    private const string Wrapper = "/usr/bin/pg_dump";
    private const string Own = "/opt/pg17/bin/pg_dump";

    /// <summary>PATH's first match (W = Debian's pg_wrapper, O = the user's own, - = none) × installed majors × server major → chosen file or error.</summary>
    [Theory]
    [InlineData("W", "15", null, "/usr/lib/postgresql/15/bin/pg_dump")]
    [InlineData("W", "15", 15, "/usr/lib/postgresql/15/bin/pg_dump")]
    [InlineData("W", "13,16,15", 15, "/usr/lib/postgresql/16/bin/pg_dump")]
    [InlineData("W", "13,16,15", null, "/usr/lib/postgresql/16/bin/pg_dump")]
    [InlineData("W", "14,16", 16, "/usr/lib/postgresql/16/bin/pg_dump")]
    [InlineData("W", "", 16, Wrapper)]
    [InlineData("W", "", null, Wrapper)]
    [InlineData("O", "15,16", 16, Own)]
    [InlineData("O", "", null, Own)]
    [InlineData("W", "15", 16, "error: pg_dump 15 is older than the server (PostgreSQL 16): install postgresql-client-16")]
    [InlineData("W", "13,14", 15, "error: pg_dump 14 is older than the server (PostgreSQL 15): install postgresql-client-15")]
    [InlineData("-", "15", null, "error: pg_dump was not found on PATH: install the PostgreSQL client (apt-get install postgresql-client) or add its bin folder to PATH")]
    [InlineData("-", "", 15, "error: pg_dump was not found on PATH: install the PostgreSQL client (apt-get install postgresql-client) or add its bin folder to PATH")]
    public void Choose_PathInstalledAndServer_PicksTheFileOrSaysWhy(string onPath, string installedMajors, int? serverMajor, string expected)
    {
        PathClient? path = onPath switch
        {
            "W" => new PathClient(Wrapper, IsWrapper: true),
            "O" => new PathClient(Own, IsWrapper: false),
            _ => null,
        };
        var installed = installedMajors.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(m => new InstalledClient(int.Parse(m, System.Globalization.CultureInfo.InvariantCulture), $"/usr/lib/postgresql/{m}/bin/pg_dump"))
            .ToList();

        string chosen;
        try
        {
            chosen = PgClientChoice.Choose("pg_dump", path, installed, serverMajor).Path;
        }
        catch (HourglassException e)
        {
            chosen = "error: " + e.Message;
        }

        Assert.Equal(expected, chosen);
    }

    [Fact]
    public void Choose_InstalledVersion_KnowsItsMajor() =>
        Assert.Equal(15, PgClientChoice.Choose("psql", new PathClient("/usr/bin/psql", IsWrapper: true), [new InstalledClient(15, "/usr/lib/postgresql/15/bin/psql")], null).Major);
}
