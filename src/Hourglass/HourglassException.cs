namespace Hourglass;

/// <summary>
/// A failure a person can act on: the message is one line that says what went wrong and how to fix it,
/// so the CLI prints it without a stack trace and exits with <see cref="ExitCode"/>.
/// Create these through <see cref="Errors"/> so every message is written in one place.
/// </summary>
public sealed class HourglassException : Exception
{
    public HourglassException(ExitCode exitCode, string message, Exception? inner = null)
        : base(OneLine(message), inner)
    {
        ExitCode = exitCode;
    }

    public HourglassException()
        : this(ExitCode.Failed, "Hourglass failed.")
    {
    }

    public HourglassException(string message)
        : this(ExitCode.Failed, message)
    {
    }

    public HourglassException(string message, Exception innerException)
        : this(ExitCode.Failed, message, innerException)
    {
    }

    /// <summary>The exit code the CLI returns for this failure.</summary>
    public ExitCode ExitCode { get; }

    /// <summary>
    /// True when the data being worked on is at fault (a dump whose SQL fails to load), not what the work needed (a
    /// tool, the server, a disk). A check that meets such a failure has found a problem with a set; any other failure
    /// means the check could not run and says nothing about the set.
    /// </summary>
    public bool IsDataFault { get; init; }

    /// <summary>
    /// The message with control characters escaped, so text from outside quoted in it (a parser's view of a file's
    /// bytes, a path, a server's answer) cannot make it two lines. Found by the config fuzzer: a file holding
    /// <c>f</c> and a newline made the JSON error two lines.
    /// </summary>
    private static string OneLine(string message) =>
        message.Any(char.IsControl)
            ? string.Concat(message.Select(c => c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            }))
            : message;
}
