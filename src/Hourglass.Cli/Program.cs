using Hourglass.Cli;

return await CliApp.RunAsync(args);
