using SwitchRole.Core.Protocol;
using SwitchRole.Host.Cli;

// A browser's launch gets no text console: start-up time is paid on every connect.
var context = CallerIdentity.FromArguments(args) is null ? CliContext.FromProcess() : CliContext.ForBrowser();
return await CliApp.RunAsync(args, context).ConfigureAwait(false);
