using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Ledger;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary>
/// <c>hourglass tokens create NAME | list [--json] | revoke NAME</c>: bearer tokens for scrapers and scripts
/// (README "Web security"). The ledger keeps only each token's hash, so <c>create</c> prints the token once and
/// nothing can show it again; every node reading the same ledger accepts it, and stops at once when it is revoked.
/// </summary>
internal static class TokensCommand
{
    public static Command Create()
    {
        var command = new Command("tokens", "Bearer tokens for the web API and /metrics.");
        command.Subcommands.Add(New());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command New()
    {
        var name = new Argument<string>("NAME") { Description = "What the token is for (ci-deploy, prometheus): letters, digits, '.', '-', '_'." };
        var command = new Command("create", "Create a token and print it, once.") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tokenName = parse.GetValue(name)!;
            if (!ApiTokenSecret.IsValidName(tokenName))
            {
                throw Errors.TokenNameInvalid(tokenName);
            }

            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken);
            var (token, hash) = ApiTokenSecret.New();
            if (!await context.Get<ITokenLedger>().AddTokenAsync(tokenName, hash, cancellationToken))
            {
                throw Errors.TokenExists(tokenName);
            }

            // Only the token on standard output, so `TOKEN=$(hourglass tokens create ci)` captures exactly it.
            Console.WriteLine(token);
            await Console.Error.WriteLineAsync($"token '{tokenName}' created: it is shown only now; send it as Authorization: Bearer …");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Command List()
    {
        var json = GlobalOptions.Json();
        var command = new Command("list", "The active tokens: names, when created and last used (never the tokens).") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken);
            var tokens = await context.Get<ITokenLedger>().TokensAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write<IReadOnlyList<TokenDocument>>(tokens.Select(TokenDocument.From).ToList());
                return (int)ExitCode.Success;
            }

            if (tokens.Count == 0)
            {
                Console.WriteLine("No tokens: create one with `hourglass tokens create NAME`.");
                return (int)ExitCode.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("Name").AddColumn("Created").AddColumn("Last used");
            foreach (var token in tokens)
            {
                table.AddRow(new Text(token.Name), new Text(JsonOutput.Time(token.CreatedAt)), new Text(token.LastUsedAt is { } used ? JsonOutput.Time(used) : "never"));
            }

            AnsiConsole.Write(table);
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Command Revoke()
    {
        var name = new Argument<string>("NAME") { Description = "The token's name." };
        var command = new Command("revoke", "Revoke a token: it stops working at once, on every node.") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken);
            var tokenName = parse.GetValue(name)!;
            if (!await context.Get<ITokenLedger>().RevokeTokenAsync(tokenName, cancellationToken))
            {
                throw Errors.TokenNotFound(tokenName);
            }

            Console.WriteLine($"token '{tokenName}' revoked");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
