namespace Hourglass.Configuration;

/// <summary>A tier's name is also its folder's name, so it is limited to characters that are safe in both.</summary>
internal static class TierName
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && name[0] != '-';
}
