using System.Runtime.InteropServices;

namespace SwitchRole.Core;

/// <summary>
/// The file-creation mask of a process that writes only private files (host mode, and CLI commands other than
/// install and uninstall): 077, so every file it creates, including the log files Serilog opens and the files SQLite
/// creates itself, is born 0600 (folders 0700). The explicit modes in <see cref="PrivateFiles"/> still apply on
/// their own; this covers the files whose creation SwitchRole does not control.
/// </summary>
public static class ProcessUmask
{
    /// <summary>Sets the mask to 077 on Linux and macOS; does nothing on Windows (ACLs, see <see cref="PrivateFiles"/>).</summary>
    public static void RestrictToUser()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            _ = OperatingSystem.IsMacOS() ? MacUmask(0b000_111_111) : LinuxUmask(0b000_111_111);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // The explicit 0600/0700 modes remain; only files created by libraries fall back to the inherited mask.
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe code enabled.
    [DllImport("libc.so.6", EntryPoint = "umask", ExactSpelling = true)]
    private static extern uint LinuxUmask(uint mask);

    [DllImport("libSystem.dylib", EntryPoint = "umask", ExactSpelling = true)]
    private static extern uint MacUmask(uint mask);
}
