using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>
/// Restoring part of a dump through the CLI: <c>--table</c>, <c>--schema</c>, <c>--exclude-table</c>,
/// <c>--schema-only</c> and <c>--data-only</c>, against the round-trip schema (<see cref="SampleSchemas.Rich"/>).
/// </summary>
public sealed class SelectiveRestoreTests(PostgresCluster cluster)
{
    /// <summary>Tables, partitioned tables, views, materialized views and foreign tables: what "no other table or view" counts.</summary>
    private const string TablesAndViews = "rpvmf";

    /// <summary>The people table's rows, as one value to compare.</summary>
    private const string PeopleRows = "SELECT count(*)::text || ':' || md5(string_agg(p::text, E'\\n' ORDER BY p.id)) FROM public.people p";

    [Fact]
    public async Task Restore_Table_RestoresItsRowsKeyIndexTriggerAndComment()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("seltab", ct);
        using var _ = workspace;
        var target = source + "_people";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--table", "public.people");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            await cluster.ScalarAsync<string>(source, PeopleRows, ct),
            await cluster.ScalarAsync<string>(target, PeopleRows, ct));
        Assert.Equal("people_pkey", await cluster.ScalarAsync<string>(target, "SELECT conname::text FROM pg_constraint WHERE conrelid = 'public.people'::regclass AND contype = 'p'", ct));
        Assert.Equal("gin", await cluster.ScalarAsync<string>(target, "SELECT am.amname::text FROM pg_class i JOIN pg_am am ON am.oid = i.relam WHERE i.oid = 'public.people_profile_idx'::regclass", ct));
        Assert.Equal("people_touch", await cluster.ScalarAsync<string>(target, "SELECT tgname::text FROM pg_trigger WHERE tgrelid = 'public.people'::regclass AND NOT tgisinternal", ct));
        Assert.Equal("everyone", await cluster.ScalarAsync<string>(target, "SELECT obj_description('public.people'::regclass, 'pg_class')", ct));
    }

    [Fact]
    public async Task Restore_Table_RestoresNoOtherTableOrViewButObjectsOfNoRelation()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("selonly", ct);
        using var _ = workspace;
        var target = source + "_people";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--table", "public.people");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["public.people"], await DatabaseContents.RelationsAsync(cluster, target, TablesAndViews, ct));
        // The schemas, types, domains and functions: they belong to no relation, and the table may need them.
        Assert.True(await cluster.ScalarAsync<bool>(
            target,
            """
            SELECT to_regnamespace('billing') IS NOT NULL AND to_regnamespace('"Audit Log"') IS NOT NULL
               AND to_regtype('public.mood') IS NOT NULL AND to_regtype('billing.positive_money') IS NOT NULL
               AND to_regprocedure('public.touch()') IS NOT NULL
            """,
            ct));
    }

    [Fact]
    public async Task Restore_Table_ItsSerialColumnContinuesAfterTheRestoredRows()
    {
        // The sequence behind people.id belongs to the table (OWNED BY): without it, or without its value, the table
        // restored could not take a new row.
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("selseq", ct);
        using var _ = workspace;
        var target = source + "_people";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--table", "public.people");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2501, await cluster.ScalarAsync<int>(target, "INSERT INTO public.people (name) VALUES ('newcomer') RETURNING id", ct));
    }

    [Fact]
    public async Task Restore_TableNotInTheDump_UsageErrorNamingItAndNothingCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("selmiss", ct);
        using var _ = workspace;
        var login = await RestoreLogin.CreateAsync(cluster, ct);
        var target = source + "_none";

        var result = await workspace.RunAsync(login.Environment, ct, "restore", "latest", "--db", source, "--into", target, "--table", "public.people", "--table", "public.nobody");

        Assert.True(result.ExitCode == 2, result.ToString());
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("public.nobody", error, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(target, ct));
        Assert.Empty(await login.StagingDatabasesAsync(cluster, ct));
    }

    [Fact]
    public async Task Restore_SchemaOnly_SameSchemaAsTheSourceAndNoRows()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("selschema", ct);
        using var _ = workspace;
        var target = source + "_empty";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--schema-only");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(await Tools.SchemaAsync(source, ct), await Tools.SchemaAsync(target, ct));
        var contents = await DatabaseContents.ReadAsync(cluster, target, ct);
        Assert.NotEmpty(contents.Relations);
        // A materialized view is created unpopulated (or refreshed over no rows).
        Assert.All(contents.Relations, r => Assert.True(r.Value == "not populated" || r.Value.StartsWith("0:", StringComparison.Ordinal), $"{r.Key} holds {r.Value}"));
    }

    [Fact]
    public async Task Restore_DataOnlyIntoASchemaOnlyRestore_RowsEqualTheSource()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("seldata", ct);
        using var _ = workspace;
        var target = source + "_two";

        var schema = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--schema-only");
        var data = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--data-only");

        Assert.True(schema.ExitCode == 0, schema.ToString());
        Assert.True(data.ExitCode == 0, data.ToString());
        // Tables only: whether --data-only refreshes a materialized view is not part of what it promises.
        var tables = await DatabaseContents.RelationsAsync(cluster, source, "rp", ct);
        var expected = (await DatabaseContents.ReadAsync(cluster, source, ct)).Relations.Where(r => tables.Contains(r.Key));
        var actual = (await DatabaseContents.ReadAsync(cluster, target, ct)).Relations.Where(r => tables.Contains(r.Key));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Restore_Schema_RestoresOnlyThatSchemasTablesAndViews()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("selns", ct);
        using var _ = workspace;
        var target = source + "_billing";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--schema", "billing");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["billing.invoices", "billing.totals"], await DatabaseContents.RelationsAsync(cluster, target, TablesAndViews, ct));
        Assert.Equal(1200L, await cluster.ScalarAsync<long>(target, "SELECT count(*) FROM billing.invoices", ct));
        // Its foreign key points at public.people, which is not restored.
        Assert.Equal(0L, await cluster.ScalarAsync<long>(target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'", ct));
    }

    [Fact]
    public async Task Restore_ExcludeTable_LeavesOutThatTableAndItsForeignKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, source) = await BackUpAsync("selex", ct);
        using var _ = workspace;
        var target = source + "_noinv";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--exclude-table", "billing.invoices");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(await cluster.ScalarAsync<bool>(target, "SELECT to_regclass('billing.invoices') IS NOT NULL", ct));
        Assert.Equal(0L, await cluster.ScalarAsync<long>(target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'", ct));
        Assert.Equal(
            await cluster.ScalarAsync<string>(source, PeopleRows, ct),
            await cluster.ScalarAsync<string>(target, PeopleRows, ct));
    }

    /// <summary>A database of the round-trip schema, backed up once in a workspace with the standard config for CLI runs.</summary>
    private async Task<(Workspace Workspace, string Source)> BackUpAsync(string prefix, CancellationToken ct)
    {
        var source = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rich, ct);
        var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        return (workspace, source);
    }
}
