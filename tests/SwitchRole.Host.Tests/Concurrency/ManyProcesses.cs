namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>
/// The many-process tests run on their own, after the rest: each of them starts several hosts and CLIs, and
/// running them beside other process tests on a 2-core machine only measures the scheduler.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManyProcesses
{
    public const string Name = "Many processes on one database";
}
