using System.CommandLine;
using System.Text;
using Hourglass.Web.Auth;

namespace Hourglass.Cli.Commands;

/// <summary>
/// <c>hourglass web password --file FILE</c>: writes the hash of a password read from standard input (without echo
/// on a terminal, asked twice; one line when piped) to FILE, 0600, for <c>web.auth.passwordFile</c>. Never from an
/// argument, which any user on the machine can read in the process list.
/// </summary>
internal static class WebCommand
{
    public static Command Create()
    {
        var command = new Command("web", "Set up the web host (README \"Web security\").");
        command.Subcommands.Add(Password());
        return command;
    }

    private static Command Password()
    {
        var file = new Option<string>("--file") { Description = "Where to write the password hash (web.auth.passwordFile).", HelpName = "FILE", Required = true };
        var command = new Command("password", "Read a password from standard input and write its hash to FILE (mode 0600).") { file };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var folder = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(folder))
            {
                throw Errors.PasswordFolderMissing(folder);
            }

            var password = Console.IsInputRedirected ? Console.In.ReadLine() ?? "" : AskTwice();
            if (password.Length < PasswordFile.MinimumLength)
            {
                throw Errors.PasswordTooShort(PasswordFile.MinimumLength);
            }

            PasswordFile.Write(path, password);
            Console.WriteLine($"wrote the password hash to {path} (readable only by you): set \"web\": {{ \"auth\": {{ \"passwordFile\": \"{path}\" }} }}");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static string AskTwice()
    {
        var first = Ask("Password: ");
        var second = Ask("Again: ");
        return first == second ? first : throw Errors.PasswordsDiffer();
    }

    /// <summary>Reads a line from the terminal without showing it.</summary>
    private static string Ask(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
