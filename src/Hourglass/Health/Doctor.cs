using Hourglass.Configuration;
using Hourglass.Ledger;
using Hourglass.Postgres;
using Hourglass.Storage;

namespace Hourglass.Health;

/// <summary>One check of <c>hourglass doctor</c>: what was checked, whether it passed, and what to do if not.</summary>
public sealed record CheckResult(string Name, bool Ok, string Detail);

/// <summary>
/// Everything that must hold for backups to work, each checked for real: the client tools and their versions, a
/// connection and a schema-only dump per database, the backup root's space, the ledger, a live node, every target
/// (reachable, credentials good, writable: a probe object is written and deleted) and the encryption keys (the
/// recipients parse; the identity file, when there is one, holds the key of a recipient).
/// </summary>
public sealed class Doctor(HourglassOptions options, SetStores stores, SetKeys keys, IJobLedger ledger)
{
    private readonly PgConnectionSettings _connection = PgConnectionSettings.Resolve(options.Connection);

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var results = new List<CheckResult> { new("config", true, "valid") };
        var server = await ServerAsync(results, cancellationToken);
        await ToolsAsync(results, server, cancellationToken);
        foreach (var database in options.Databases)
        {
            results.Add(await SchemaDumpAsync(database, cancellationToken));
        }

        results.Add(await BackupRootAsync(cancellationToken));
        results.AddRange(await LedgerAsync(cancellationToken));
        foreach (var target in stores.Targets)
        {
            results.Add(await TargetAsync(target, cancellationToken));
        }

        results.AddRange(Keys());
        return results;
    }

    private async Task<CheckResult> TargetAsync(Target target, CancellationToken cancellationToken)
    {
        var name = $"target {target.Name}";
        try
        {
            var store = stores.Target(target);
            await store.ProbeAsync(cancellationToken);
            var sets = await store.ListSetsAsync(null, cancellationToken);
            return new CheckResult(name, true, $"{store.Location}: reachable, writable, {sets.Count} set{(sets.Count == 1 ? "" : "s")}{(target.Encrypt ? ", encrypted" : "")}");
        }
        catch (HourglassException e)
        {
            return new CheckResult(name, false, e.Message);
        }
    }

    /// <summary>Only when encryption is in use: a key mix-up found here is a restore that works, found later it is a lost backup.</summary>
    private IEnumerable<CheckResult> Keys()
    {
        if (options.Encryption.Recipients.Count == 0)
        {
            yield break;
        }

        // A recipient that does not parse stopped the command before this (SetKeys parses them when it is built).
        yield return new CheckResult("encryption recipients", true, $"{keys.Recipients.Count} age recipient(s)");
        yield return IdentityCheck(keys.Recipients);
    }

    private CheckResult IdentityCheck(IReadOnlyList<Encryption.AgeRecipient> recipients)
    {
        if (!keys.CanDecrypt)
        {
            return new CheckResult("encryption identity", true, "no identityFile here: backups and copies work; restore and verify of encrypted sets need it (keep it off this host if you want)");
        }

        try
        {
            return keys.Identities.Any(identity => recipients.Contains(identity.Recipient))
                ? new CheckResult("encryption identity", true, $"{options.Encryption.IdentityFile} holds the key of a recipient")
                : new CheckResult("encryption identity", false, $"{options.Encryption.IdentityFile} holds no key of the recipients: new sets could not be restored with it; check encryption.recipients (age-keygen -y {options.Encryption.IdentityFile} prints its public key)");
        }
        catch (HourglassException e)
        {
            return new CheckResult("encryption identity", false, e.Message);
        }
    }

    /// <summary>Connects to every database; returns the server's version from the first that answers.</summary>
    private async Task<string?> ServerAsync(List<CheckResult> results, CancellationToken cancellationToken)
    {
        string? version = null;
        foreach (var database in options.Databases)
        {
            try
            {
                var facts = await new PgServer(_connection).ProbeAsync(database, cancellationToken);
                version ??= facts.Version;
                results.Add(new CheckResult($"connect {database}", true, $"{_connection}, PostgreSQL {facts.Version}{(facts.IsSuperuser ? ", superuser" : "")}"));
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                results.Add(new CheckResult($"connect {database}", false, PgError.Describe(e, _connection.ToString())));
            }
        }

        return version;
    }

    /// <summary>Each client program with its version and the file that runs, so a pg_dump older than the server is named.</summary>
    private static async Task ToolsAsync(List<CheckResult> results, string? serverVersion, CancellationToken cancellationToken)
    {
        int? serverMajor = serverVersion is null ? null : Major(serverVersion);
        foreach (var tool in new[] { PgClientTools.PgDump, PgClientTools.PgDumpAll, PgClientTools.Psql })
        {
            try
            {
                var binary = PgClientLocator.Locate(tool, serverMajor);
                var version = await PgClientTools.VersionAsync(tool, cancellationToken);
                results.Add(version is null
                    ? new CheckResult(tool, false, $"{binary.Path} did not print its version: reinstall the PostgreSQL client")
                    : Major(version) < serverMajor
                        ? new CheckResult(tool, false, Errors.ClientTooOld(binary.Path, Major(version), serverMajor.Value).Message)
                        : new CheckResult(tool, true, $"{version} ({binary.Path})"));
            }
            catch (HourglassException e)
            {
                results.Add(new CheckResult(tool, false, e.Message));
            }
        }
    }

    /// <summary>A schema-only dump proves the role may read every object's definition, without moving data.</summary>
    private async Task<CheckResult> SchemaDumpAsync(string database, CancellationToken cancellationToken)
    {
        try
        {
            await using var process = PgProcess.Start(
                PgClientTools.PgDump,
                ["--schema-only", .. PgClientTools.DumpArguments(database)],
                _connection.ChildEnvironment(),
                redirectStdin: false,
                drainStdout: true,
                cancellationToken);
            var exit = await process.WaitForExitAsync(cancellationToken);
            return new CheckResult($"pg_dump {database}", exit == 0, exit == 0 ? "a schema-only dump works" : process.DescribeFailure(exit));
        }
        catch (HourglassException e)
        {
            return new CheckResult($"pg_dump {database}", false, e.Message);
        }
    }

    private async Task<CheckResult> BackupRootAsync(CancellationToken cancellationToken)
    {
        var problem = OptionsValidator.FirstProblem(options);
        if (problem is not null)
        {
            return new CheckResult("backup root", false, problem);
        }

        var store = stores.Local;
        var free = await store.FreeBytesAsync(cancellationToken);
        var last = (await store.ListSetsAsync(null, cancellationToken)).FirstOrDefault()?.Bytes;
        var lastText = last is { } l ? $", last set {l / 1048576} MiB" : "";
        return (free, last) switch
        {
            ({ } bytesFree, { } bytes) when bytesFree < bytes * 2 =>
                new CheckResult("backup root", false, $"{options.BackupRoot} has {bytesFree / 1048576} MiB free, less than twice the last set ({bytes / 1048576} MiB): free space or lower keep"),
            ({ } bytesFree, _) => new CheckResult("backup root", true, $"{options.BackupRoot} is writable, {bytesFree / 1048576} MiB free{lastText}"),
            _ => new CheckResult("backup root", true, $"{options.BackupRoot} is writable{lastText}"),
        };
    }

    private async Task<IReadOnlyList<CheckResult>> LedgerAsync(CancellationToken cancellationToken)
    {
        var where = JobLedgerFactory.Describe(ledger);
        try
        {
            var version = await ledger.SchemaVersionAsync(cancellationToken);
            var schema = version switch
            {
                0 => new CheckResult("ledger", true, $"{where} is reachable; its tables are created when a node starts"),
                > SqlJobLedger.CurrentSchemaVersion => new CheckResult("ledger", false, Errors.LedgerTooNew(where, version, SqlJobLedger.CurrentSchemaVersion).Message),
                _ => new CheckResult("ledger", true, $"{where}, schema version {version}"),
            };
            var now = await ledger.NowAsync(cancellationToken);
            var alive = version == 0 ? [] : (await ledger.NodesAsync(cancellationToken)).Where(n => now - n.HeartbeatAt < StatusReporter.NodeTimeout).ToList();
            var nodes = alive.Count > 0
                ? new CheckResult("node", true, string.Join(", ", alive.Select(n => $"{n.Id} (heartbeat {StatusReporter.Age(now - n.HeartbeatAt)} ago)")))
                : new CheckResult("node", false, "no node has sent a heartbeat in the last 2 min: start `hourglass serve` (see README, Running the daemon)");
            return [schema, nodes];
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [new CheckResult("ledger", false, Errors.LedgerUnreachable(where, e.Message).Message)];
        }
    }

    private static int Major(string version) => int.Parse(version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
}
