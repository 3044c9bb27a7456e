using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary>Runs <c>hourglass web password</c> the way a script does: the password on standard input, never in an argument.</summary>
internal static class WebCli
{
    public static async Task<CliResult> PasswordAsync(string folder, string file, string password, CancellationToken cancellationToken)
    {
        using var process = CliRun.Start(folder, null, "web", "password", "--file", file);
        await process.StandardInput.WriteLineAsync(password.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static async Task WritePasswordAsync(string folder, string file, string password, CancellationToken cancellationToken)
    {
        var result = await PasswordAsync(folder, file, password, cancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
