using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// A byte flipped in, the end cut off, or the whole of a dump or globals file of a local set deleted: <c>hourglass
/// verify</c> of that set must fail and name the file. The file is then put back as it was.
/// </summary>
internal sealed class DamagedLocalFile : Fault
{
    public override string Kind => "local file damaged";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var sets = lab.Workspace.AllSets(Lab.Tier).Where(s => s.Manifest is { Status: Hourglass.Storage.SetStatus.Complete }).ToList();
        var set = sets[random.Next(sets.Count)];
        var files = set.Manifest!.Databases.Select(d => d.File).Append(set.Manifest.Globals!.File).OfType<string>().ToList();
        var file = files[random.Next(files.Count)];
        var path = Path.Combine(lab.Workspace.Root, set.Id.Tier, set.Id.Name, file);
        var original = await File.ReadAllBytesAsync(path, cancellationToken);
        var kind = Damage.Pick(random);
        Write(path, Damage.Apply(kind, original, random));
        CliResult verify;
        try
        {
            verify = await lab.RunAsync(cancellationToken, "verify", set.Id.ToString());
        }
        finally
        {
            Write(path, original);
        }

        return FaultResult.Of(Landings.Detected, Reported($"verify of {set.Id} after {kind} {file}", verify, file));
    }

    /// <summary>Null when verify failed and named the damaged file.</summary>
    public static string? Reported(string what, CliResult verify, string file) =>
        verify.ExitCode == 0 ? $"{what} passed: {Tail(verify)}"
        : !(verify.Stdout + verify.Stderr).Contains(file, StringComparison.Ordinal) ? $"{what} failed without naming the file: {Tail(verify)}"
        : null;

    private static void Write(string path, byte[]? content)
    {
        if (content is null)
        {
            File.Delete(path);
            return;
        }

        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
