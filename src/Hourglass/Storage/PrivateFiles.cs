namespace Hourglass.Storage;

/// <summary>
/// Dumps hold every row of a database, so Hourglass creates its folders 0700 and its files 0600 from the start,
/// never widening and narrowing afterwards.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates a folder (and missing parents) readable only by its owner.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var parent = Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent))
        {
            CreateFolder(parent);
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Creates a file readable only by its owner, for writing; with <paramref name="durable"/>, its <see cref="Stream.Flush()"/> is an fsync.</summary>
    public static FileStream CreateNew(string path, bool overwrite = false, bool durable = false)
    {
        var options = new FileStreamOptions
        {
            Mode = overwrite ? System.IO.FileMode.Create : System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return durable ? new DurableFileStream(path, options) : new FileStream(path, options);
    }

    /// <summary>A file whose plain <see cref="Flush()"/> reaches the disk, so code that only knows it has a stream can make it durable.</summary>
    private sealed class DurableFileStream(string path, FileStreamOptions options) : FileStream(path, options)
    {
        public override void Flush() => Flush(flushToDisk: true);
    }

    /// <summary>True for the error a full disk (or quota) raises.</summary>
    public static bool IsDiskFull(IOException exception) =>
        exception.HResult is 28 or 122 or unchecked((int)0x80070070)
        || exception.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Disk quota exceeded", StringComparison.OrdinalIgnoreCase);
}
