namespace Hourglass.Storage;

/// <summary>
/// A file of a set is a plain name inside its set: never a path. Manifests are untrusted input, and a name like
/// <c>../../etc/passwd</c> must never make a store read or write outside the set.
/// </summary>
internal static class SetFileName
{
    /// <summary>
    /// True for a name that stays inside its set: not empty, no <c>/</c> or <c>\</c>, no control character (NUL
    /// included), not starting with a dot (so neither <c>.</c>, <c>..</c> nor a hidden file), not the manifest itself,
    /// at most 255 bytes.
    /// </summary>
    public static bool IsPlain(string? name) =>
        !string.IsNullOrEmpty(name)
        && name[0] != '.'
        && name != Manifest.FileName
        && System.Text.Encoding.UTF8.GetByteCount(name) <= 255
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    /// <summary>Throws when <paramref name="name"/> is not plain: a store's last line of defence, after manifest validation.</summary>
    public static string EnsurePlain(string name) =>
        IsPlain(name) ? name : throw new HourglassException(ExitCode.Failed, $"'{name}' is not a plain file name inside a set: the manifest is damaged");
}
