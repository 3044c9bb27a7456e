using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>What a restore's target database may be after a fault: absent, or the whole source, never something between.</summary>
internal static class RestoredTarget
{
    /// <summary>A name of the round's own, so no round meets another's target.</summary>
    public static string For(Random random) => $"campaign_restored_{random.Next():x8}";

    /// <summary>Null when <paramref name="target"/> is absent (or, with <paramref name="mustExist"/>, present) and equal to the source.</summary>
    public static async Task<string?> CheckAsync(Lab lab, string target, bool mustExist, CancellationToken cancellationToken)
    {
        if (!await lab.Cluster.DatabaseExistsAsync(target, cancellationToken))
        {
            return mustExist ? $"the restore reported success but {target} does not exist" : null;
        }

        var restored = await DatabaseContents.RowCountsAsync(lab.Cluster, target, cancellationToken);
        var source = await DatabaseContents.RowCountsAsync(lab.Cluster, lab.Source, cancellationToken);
        return restored.SequenceEqual(source)
            ? null
            : $"{target} exists but is not the source: {string.Join(", ", restored.Select(r => $"{r.Key}={r.Value}"))}";
    }

    /// <summary>
    /// After a restore into <paramref name="target"/> met its fault: the target is absent or whole (present when the
    /// run <paramref name="succeeded"/>), then the same restore again succeeds and gives the whole source; the target
    /// is dropped after each check. Returns the broken promises.
    /// </summary>
    public static async Task<string?[]> RecoverAsync(Lab lab, string target, bool succeeded, CancellationToken cancellationToken)
    {
        var afterFault = await CheckAsync(lab, target, mustExist: succeeded, cancellationToken);
        await DropAsync(lab, target, cancellationToken);
        var again = await lab.RunAsync(cancellationToken, "restore", "latest", "--db", lab.Source, "--into", target);
        var afterRecovery = await CheckAsync(lab, target, mustExist: true, cancellationToken);
        await DropAsync(lab, target, cancellationToken);
        return [afterFault, Fault.Succeeded("the restore again", again), afterRecovery];
    }

    public static Task DropAsync(Lab lab, string target, CancellationToken cancellationToken) =>
        lab.Cluster.ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {target} WITH (FORCE)", cancellationToken);
}
