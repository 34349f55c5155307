using Microsoft.Win32.SafeHandles;

namespace SwitchRole.Core;

/// <summary>The process's stdin and stdout as plain byte streams, for frames.</summary>
/// <remarks>
/// On Unix, <see cref="Console.OpenStandardOutput()"/> initialises the terminal layer at the first write: a
/// signal-handling thread, SIGINT/SIGQUIT/SIGCONT/SIGCHLD handlers and terminal queries, all before the
/// browser's first reply. A pipe needs none of it, so file descriptors 0 and 1 are used directly there.
/// </remarks>
public static class StandardStreams
{
    public static Stream OpenInput() => OperatingSystem.IsWindows()
        ? Console.OpenStandardInput()
        : new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);

    public static Stream OpenOutput() => OperatingSystem.IsWindows()
        ? Console.OpenStandardOutput()
        : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
}
