using System.Security.AccessControl;
using System.Security.Principal;
using System.Text;

namespace SwitchRole.Core;

/// <summary>
/// Files that may hold secrets (the database and its WAL/SHM, logs, backups, exports) are created private: 0600 files
/// in 0700 folders on POSIX, a folder with a user-only ACL that its files inherit on Windows. Created that way, not
/// tightened afterwards, so there is no moment in which another user can open them.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rw-------.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) private. An existing folder is left as it is, except one
    /// named <c>SwitchRole</c> or one of its <c>logs</c>/<c>backups</c> folders, which older versions created with the
    /// default mode: those are tightened to 0700. A folder a person chose (<c>SWITCHROLE_HOME=~/sync</c>) is theirs.
    /// </summary>
    public static void EnsureDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            try
            {
                if (!OperatingSystem.IsWindows() && IsOurs(path) && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
                {
                    File.SetUnixFileMode(path, DirectoryMode);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort, as for files.
            }

            return;
        }

        if (OperatingSystem.IsWindows())
        {
            CreateWindowsDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>Creates <paramref name="path"/> empty and 0600 if it does not exist; an existing file of ours that is readable by others is made private.</summary>
    public static void EnsureFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using (new FileStream(path, Options(System.IO.FileMode.OpenOrCreate)))
        {
        }

        TightenIfLoose(path);
    }

    /// <summary>An existing file of ours (written by a version before 0600) made private; nothing when it is absent.</summary>
    public static void TightenIfLoose(string path)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
            {
                File.SetUnixFileMode(path, FileMode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file another user owns stays as it is; using it does not depend on its mode.
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to a new file created 0600; an existing file is replaced.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A leftover file keeps its own mode when opened, so it is removed first and the new one created private.
        File.Delete(path);
        using var stream = new FileStream(path, Options(System.IO.FileMode.CreateNew));
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(text);
    }

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    private static bool IsOurs(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var name = Path.GetFileName(full);
        var parent = Path.GetFileName(Path.GetDirectoryName(full) ?? "");
        return name == "SwitchRole" || (name is "logs" or "backups" && parent == "SwitchRole");
    }

    /// <summary>Only the current user, with full control that every file and folder below inherits; nothing inherited from above.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void CreateWindowsDirectory(string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
        }

        var security = new DirectorySecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        var user = WindowsIdentity.GetCurrent().User ?? throw new InvalidOperationException("the current Windows user has no SID");
        security.AddAccessRule(new FileSystemAccessRule(
            user,
            FileSystemRights.FullControl,
            InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit,
            PropagationFlags.None,
            AccessControlType.Allow));
        security.SetOwner(user);
        security.CreateDirectory(path);
    }
}
