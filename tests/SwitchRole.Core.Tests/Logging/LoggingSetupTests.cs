using SwitchRole.Core.Logging;

namespace SwitchRole.Core.Tests.Logging;

public sealed class LoggingSetupTests
{
    [Fact]
    public void CreateDeferred_NothingLogged_TouchesNoFile()
    {
        using var home = new TempHome();

        using (LoggingSetup.CreateDeferred(home.Paths, "host"))
        {
        }

        // The writer thread (and the log folder) start with the first event, not with the host.
        Assert.False(Directory.Exists(home.Paths.LogDirectory));
    }

    [Fact]
    public void CreateDeferred_EventsThenDispose_WritesEveryLineInOrder()
    {
        using var home = new TempHome();

        using (var logger = LoggingSetup.CreateDeferred(home.Paths, "host"))
        {
            Serilog.ILogger log = logger;
            for (var i = 0; i < 50; i++)
            {
                log.Information("line {Number}", i);
            }
        }

        var text = string.Concat(Directory.GetFiles(home.Paths.LogDirectory).Select(ReadShared));
        var numbers = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 50), numbers);
        Assert.Contains("host/" + Environment.ProcessId, text, StringComparison.Ordinal);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
