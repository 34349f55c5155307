using SwitchRole.Host.Cli;

// Keep stray Console.WriteLine calls off stdout before anything runs: in host mode stdout carries frames only.
var context = CliContext.FromProcess();
return await CliApp.RunAsync(args, context).ConfigureAwait(false);
