using Hourglass.Postgres;

namespace Hourglass.Tests.Postgres;

public sealed class PgErrorTests
{
    [Theory]
    [InlineData("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed for user \"postgres\"",
        "password authentication failed for user \"postgres\": check the password in connection.passwordFile, PGPASSWORD or your pgpass file")]
    [InlineData("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"nope\" does not exist",
        "database \"nope\" does not exist: create it, or remove it from the config's databases")]
    [InlineData("pg_dump: error: connection to server at \"db\" (10.0.0.1), port 5432 failed: Connection refused",
        "Connection refused (at \"db\" (10.0.0.1), port 5432): is PostgreSQL running there? check connection.host and connection.port")]
    [InlineData("pg_dump: error: query failed: ERROR:  permission denied for table secrets",
        "permission denied for table secrets: grant the backup role access (or connect as the owner)")]
    [InlineData("psql:<stdin>:42: ERROR:  relation \"x\" already exists", "relation \"x\" already exists")]
    public void Describe_ToolError_OneLineWithFix(string line, string expected) =>
        Assert.Equal(expected, PgError.Describe("pg_dump", [line], 1));

    [Fact]
    public void Describe_ErrorFollowedByDetailLines_PicksTheErrorLine() =>
        Assert.Equal(
            "function nope() does not exist",
            PgError.Describe("psql", ["psql:<stdin>:7: ERROR:  function nope() does not exist", "LINE 1: SELECT nope();", "HINT:  No function matches the given name."], 3));

    [Fact]
    public void Describe_KilledWithoutMessage_SaysKilled() =>
        Assert.Equal("pg_dump was killed (signal 9) before it finished", PgError.Describe("pg_dump", [], 137));

    [Fact]
    public void Describe_VerboseError_DropsTheSqlState() =>
        Assert.Equal(
            "division by zero",
            PgError.Describe("psql", ["psql:<stdin>:30: ERROR:  22012: division by zero", "CONTEXT:  COPY t, line 1", "LOCATION:  int4div, int.c:846"], 3));

    [Theory]
    [InlineData("psql:<stdin>:30: ERROR:  22012: division by zero", "22012")]
    [InlineData("psql:<stdin>:9: ERROR:  53100: could not extend file \"base/1/2\": No space left on device", "53100")]
    [InlineData("psql:<stdin>:9: ERROR:  division by zero", null)]
    [InlineData("psql: error: connection to server failed", null)]
    public void SqlState_VerbosePsqlError_TheCodeOrNull(string line, string? expected) =>
        Assert.Equal(expected, PgError.SqlState([line, "LOCATION:  somewhere, file.c:1"]));

    [Theory]
    [InlineData("53100", true)] // disk full
    [InlineData("57P01", true)] // admin shutdown
    [InlineData("08006", true)] // connection failure
    [InlineData("58030", true)] // I/O error
    [InlineData("XX000", true)] // internal error
    [InlineData("42501", true)] // insufficient privilege
    [InlineData("22012", false)] // division by zero: the dump's own SQL
    [InlineData("42P01", false)] // undefined table
    [InlineData("23505", false)] // unique violation
    [InlineData(null, false)]
    public void IsServerTrouble_ServerAndPrivilegeClasses_NotTheDumps(string? state, bool expected) =>
        Assert.Equal(expected, PgError.IsServerTrouble(state));
}
