using System.CommandLine;

namespace Hourglass.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "The config file (default: hourglass.json in the working folder).",
        HelpName = "FILE",
        Recursive = true,
    };

    public static Option<string?> Tier(string description) => new("--tier")
    {
        Description = description,
        HelpName = "T",
    };

    public static Option<string?> Target(string description) => new("--target")
    {
        Description = description,
        HelpName = "NAME",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON (a stable format, documented in the README) instead of a table.",
    };
}
