using SwitchRole.Bridge;
using SwitchRole.Core;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;

// Started by a browser: chrome-extension://<id>/ (Chromium), or the manifest path and the add-on id (Firefox).
// Started any other way it serves too (like `switchrole serve`), so a person can pipe frames into it to debug.
ProcessUmask.RestrictToUser();

// stdout carries frames only: stray Console text is dropped (what a browser needs goes in a frame, the rest in the log).
Console.SetOut(TextWriter.Null);
await using var input = StandardStreams.OpenInput();
await using var output = StandardStreams.OpenOutput();
return await BrowserHost.RunAsync(input, output, AppPaths.FromEnvironment(), BuildInfo.Version, CallerIdentity.FromArguments(args)).ConfigureAwait(false);
