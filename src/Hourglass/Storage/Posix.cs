using System.Runtime.InteropServices;

namespace Hourglass.Storage;

/// <summary>
/// The one thing .NET has no API for: fsync of a directory, which makes a rename durable. Without it a crash
/// right after "backup complete" can lose the rename, or the new file's directory entry.
/// </summary>
internal static partial class Posix
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux

    /// <summary>Flushes a directory's entries to disk. A no-op where the platform has no such call.</summary>
    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush {path} to disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private const int SetPipeSize = 1031; // F_SETPIPE_SZ on Linux

    /// <summary>
    /// Asks the kernel for a larger pipe buffer (at most the system's pipe-max-size), so a writer like pg_dump keeps
    /// going while its reader is busy with a chunk. Best effort: a refusal changes nothing but speed.
    /// </summary>
    public static void TryEnlargePipe(Stream pipe, int bytes)
    {
        if (OperatingSystem.IsLinux() && pipe is System.IO.Pipes.PipeStream { SafePipeHandle: { IsInvalid: false } handle })
        {
            _ = Fcntl((int)handle.DangerousGetHandle(), SetPipeSize, bytes);
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
