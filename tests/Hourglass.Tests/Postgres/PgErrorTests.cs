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
}
