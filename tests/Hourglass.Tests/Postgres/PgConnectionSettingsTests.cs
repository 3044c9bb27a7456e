using Hourglass.Configuration;
using Hourglass.Postgres;

namespace Hourglass.Tests.Postgres;

public sealed class PgConnectionSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Resolve_ConfigWinsOverLibpqVariables()
    {
        var settings = PgConnectionSettings.Resolve(new ConnectionOptions { Host = "cfg", Port = 6000, Username = "cfguser" }, Env(("PGHOST", "env"), ("PGPORT", "7000"), ("PGUSER", "envuser")));

        Assert.Equal(("cfg", 6000, "cfguser"), (settings.Host, settings.Port, settings.Username));
    }

    [Fact]
    public void Resolve_AbsentKeys_FallBackToLibpqVariablesThenDefaults()
    {
        var fromEnv = PgConnectionSettings.Resolve(new ConnectionOptions(), Env(("PGHOST", "/run/pg"), ("PGPORT", "7000"), ("PGUSER", "envuser")));
        var defaults = PgConnectionSettings.Resolve(new ConnectionOptions(), Env());

        Assert.Equal(("/run/pg", 7000, "envuser"), (fromEnv.Host, fromEnv.Port, fromEnv.Username));
        Assert.Equal(("localhost", 5432, "postgres"), (defaults.Host, defaults.Port, defaults.Username));
    }

    [Fact]
    public void PasswordFile_GoesOnlyIntoChildEnvironment_NeverIntoToString()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "s3cret-pw\nignored second line");
        try
        {
            var settings = PgConnectionSettings.Resolve(new ConnectionOptions { PasswordFile = file }, Env(("PGPASSWORD", "from-env")));

            Assert.Equal("s3cret-pw", settings.ChildEnvironment()["PGPASSWORD"]);
            Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ChildEnvironment_ClearsDatabaseAndServiceFromTheCaller()
    {
        var environment = PgConnectionSettings.Resolve(new ConnectionOptions(), Env()).ChildEnvironment();

        Assert.Null(environment["PGDATABASE"]);
        Assert.Null(environment["PGSERVICE"]);
        Assert.False(environment.ContainsKey("PGPASSWORD"));
    }

    [Theory]
    [InlineData("plain", "dbname='plain'")]
    [InlineData("it's", "dbname='it\\'s'")]
    [InlineData("back\\slash", "dbname='back\\\\slash'")]
    [InlineData("host=evil", "dbname='host=evil'")]
    public void DbName_QuotesForLibpq(string database, string expected) => Assert.Equal(expected, ConnInfo.DbName(database));
}
