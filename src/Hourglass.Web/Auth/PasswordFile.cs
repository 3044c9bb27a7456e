using Microsoft.AspNetCore.Identity;

namespace Hourglass.Web.Auth;

/// <summary>
/// The sign-in password, kept only as a hash in <c>web.auth.passwordFile</c>. Hashed by ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2 with HMAC-SHA512, a random salt and a high iteration count, in a
/// versioned format the framework keeps current), not by anything written here. The file is read at each sign-in, so
/// a new password takes effect without a restart.
/// </summary>
internal static class PasswordFile
{
    private static readonly PasswordHasher<object> Hasher = new();

    /// <summary>The hasher's user argument, which its default implementation does not use: there is one user.</summary>
    private static readonly object Subject = new();

    /// <summary>The shortest password <c>hourglass web password</c> accepts.</summary>
    public const int MinimumLength = 8;

    /// <summary>Writes the hash of <paramref name="password"/> to <paramref name="path"/>, readable only by its owner (0600), replacing it atomically.</summary>
    public static void Write(string path, string password)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            using (var writer = new StreamWriter(file))
            {
                writer.WriteLine(Hasher.HashPassword(Subject, password));
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>True when <paramref name="password"/> matches the hash in <paramref name="path"/>; false for anything else, an unreadable file included.</summary>
    public static async Task<bool> MatchesAsync(string path, string password, CancellationToken cancellationToken)
    {
        var hash = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        try
        {
            return hash.Length > 0
                && Hasher.VerifyHashedPassword(Subject, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
        }
        catch (FormatException)
        {
            return false; // not a hash this hasher wrote
        }
    }
}
