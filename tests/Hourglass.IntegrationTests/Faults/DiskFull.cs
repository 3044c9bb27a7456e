using System.Text.Json.Nodes;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The disk filling up: a backup into a root on a tmpfs too small for a set, by a random margin, so the set runs out
/// of space at a different point each time (a dump, the globals, the manifest). The backup either fits or fails with
/// one clear line, leaves no folder that lists as a set unless it is whole, and no half-written folder; with the
/// tmpfs grown, the next backup succeeds.
/// </summary>
internal sealed class DiskFull : Fault
{
    public override string Kind => "disk full during backup";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var setBytes = lab.Workspace.AllSets(Lab.Tier).First().Bytes;
        var mount = Directory.CreateTempSubdirectory("hourglass-full-").FullName;
        var size = (long)(setBytes * (0.05 + (random.NextDouble() * 1.1)));
        try
        {
            await Tools.RunAsync("mount", cancellationToken, "-t", "tmpfs", "-o", $"size={Math.Max(size, 4096)}", "tmpfs", mount);
        }
        catch (InvalidOperationException e)
        {
            Directory.Delete(mount);
            return FaultResult.Of("round failed", $"cannot mount a tmpfs here (the campaign runs as root): {e.Message}");
        }

        try
        {
            var config = Path.Combine(lab.Workspace.Folder, "full.json");
            var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(lab.Workspace.Folder, "hourglass.json"), cancellationToken))!.AsObject();
            json["backupRoot"] = Path.Combine(mount, "root");
            json.Remove("targets");
            await File.WriteAllTextAsync(config, json.ToJsonString(), cancellationToken);

            var full = await lab.RunAsync(cancellationToken, "--config", config, "backup", "--tier", Lab.Tier);
            var leftovers = await HalfWrittenAsync(Path.Combine(mount, "root"), cancellationToken);
            await Tools.RunAsync("mount", cancellationToken, "-o", $"remount,size={(setBytes * 4) + (1 << 20)}", mount);
            var again = await lab.RunAsync(cancellationToken, "--config", config, "backup", "--tier", Lab.Tier);
            var afterRecovery = await HalfWrittenAsync(Path.Combine(mount, "root"), cancellationToken);
            return FaultResult.Of(
                full.ExitCode == 0 ? Landings.After : Landings.Mid,
                full.ExitCode == 0 ? null : ClearFailure("the backup on a full disk", full),
                leftovers,
                Succeeded("the backup with room again", again),
                afterRecovery);
        }
        finally
        {
            await Tools.RunAsync("umount", CancellationToken.None, mount);
            Directory.Delete(mount);
        }
    }

    /// <summary>Null when every folder that lists as a set is whole and no partial folder is left.</summary>
    private static async Task<string?> HalfWrittenAsync(string root, CancellationToken cancellationToken)
    {
        var broken = (await StoredSets.LocalAsync(root, cancellationToken)).Where(s => s.Value.Count > 0).Select(s => $"{s.Key}: {string.Join(", ", s.Value)}");
        var partial = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root, "*.partial", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(root, d))
            : [];
        var problems = broken.Concat(partial.Select(p => $"{p} was left behind")).ToList();
        return problems.Count == 0 ? null : "on the full disk: " + string.Join("; ", problems);
    }
}
