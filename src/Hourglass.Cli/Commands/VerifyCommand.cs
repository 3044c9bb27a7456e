using System.CommandLine;
using Hourglass.Backups;
using Hourglass.Cli.Rendering;
using Hourglass.Storage;
using Hourglass.Verification;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass verify [SET|latest] [--tier T] [--db NAME]... [--restore] [--keep] [--json]</c>: exit 0 only when everything checked passed.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var set = new Argument<string>("SET") { Description = "A set id, or 'latest' (default).", DefaultValueFactory = _ => "latest" };
        var tier = GlobalOptions.Tier("Look for the set (or 'latest') in this tier only.");
        var databases = new Option<string[]>("--db") { Description = "Only this database's dump (repeatable).", HelpName = "NAME" };
        var restore = new Option<bool>("--restore") { Description = "Also restore each dump into a scratch database and compare row counts." };
        var keep = new Option<bool>("--keep") { Description = "With --restore: leave the scratch databases for inspection." };
        var json = GlobalOptions.Json();
        var target = GlobalOptions.Target("Verify the copy on this target instead of the local set.");
        var command = new Command("verify", "Prove a set restores: checksums, decompression, completeness, and with --restore a test restore.") { set, tier, databases, restore, keep, target, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            context.Tiers.EnsureKnown(parse.GetValue(tier));
            var request = new VerifyRequest(
                parse.GetValue(set)!,
                parse.GetValue(tier),
                parse.GetValue(databases) is { Length: > 0 } some ? some : null,
                parse.GetValue(restore),
                parse.GetValue(keep),
                Target: parse.GetValue(target));
            var outcome = await context.Get<SetVerifier>().VerifyAsync(request, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(ManifestFile.Serialize(outcome.Set.Id.ToString(), outcome.Verification));
            }
            else
            {
                Render(outcome);
            }

            return (int)(outcome.Passed ? ExitCode.Success : ExitCode.Failed);
        });
        return command;
    }

    private static void Render(VerifyOutcome outcome)
    {
        var verification = outcome.Verification;
        Console.WriteLine($"{outcome.Set.Id}{(verification.Restore ? " (with test restores)" : "")}");
        foreach (var file in verification.Files)
        {
            var detail = $"{Sizes.Bytes(file.Bytes)}, checksum, decompresses ({Sizes.Bytes(file.RawBytes)}), complete";
            if (file.TablesCompared is { } tables)
            {
                detail += $"; restored: {Sizes.Count(file.RowsCompared ?? 0)} rows in {tables} tables as recorded";
                if (file.Objects is { } objects)
                {
                    detail += "; schema: " + string.Join(", ", objects.Select(o => $"{o.Value} {o.Key}"));
                }
            }

            Console.WriteLine(file.Problems.Count == 0 ? $"OK    {file.File}: {detail}" : $"FAIL  {file.File}");
            foreach (var problem in file.Problems)
            {
                Console.WriteLine($"      {problem}");
            }
        }

        foreach (var scratch in outcome.KeptDatabases)
        {
            Console.WriteLine($"kept scratch database {scratch}: drop it with `dropdb {scratch}` when done");
        }

        Console.WriteLine(outcome.Passed
            ? $"verified: passed (recorded in the manifest of {outcome.Set.Id}, {outcome.Set.Location})"
            : $"verified: FAILED, {verification.Problems.Count} problem{(verification.Problems.Count == 1 ? "" : "s")} (recorded in the manifest of {outcome.Set.Id}, {outcome.Set.Location})");
    }
}
