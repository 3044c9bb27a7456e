using System.Diagnostics;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Runs the real tools (PostgreSQL's clients, rclone) the way a person would, for comparing against Hourglass.</summary>
internal static class Tools
{
    public static Task<string> RunAsync(string tool, CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync(tool, new Dictionary<string, string?>(), cancellationToken, arguments);

    /// <summary>Runs <paramref name="tool"/> with these environment variables changed (null removes one).</summary>
    public static async Task<string> RunAsync(string tool, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {await stderr}");
        }

        return await stdout;
    }

    /// <summary>The schema as pg_dump prints it, without the per-run <c>\restrict</c> keys.</summary>
    public static async Task<string> SchemaAsync(string database, CancellationToken cancellationToken)
    {
        var schema = await RunAsync("pg_dump", cancellationToken, "--schema-only", "--dbname=" + Postgres.ConnInfo.DbName(database));
        return string.Join('\n', schema.Split('\n').Where(l => !l.StartsWith("\\restrict ", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict ", StringComparison.Ordinal)));
    }
}
