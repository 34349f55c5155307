using SwitchRole.Core.Registration;

namespace SwitchRole.Core.Protocol;

/// <summary>Who started the host, from the arguments a browser passes.</summary>
public sealed record CallerIdentity(string Browser, string ExtensionId)
{
    /// <summary>
    /// Recognises a browser launch: Chromium passes <c>chrome-extension://&lt;id&gt;/</c> first (Windows adds
    /// <c>--parent-window=</c>); Firefox passes the manifest path, then the add-on id. Null for anything else.
    /// </summary>
    public static CallerIdentity? FromArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count >= 1 && args[0].StartsWith("chrome-extension://", StringComparison.Ordinal))
        {
            var id = args[0]["chrome-extension://".Length..].TrimEnd('/');
            return new CallerIdentity("chromium", id);
        }

        if (args.Count >= 2 && args[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase) && Path.IsPathRooted(args[0]))
        {
            return new CallerIdentity("firefox", args[1]);
        }

        return null;
    }

    /// <summary>True when <see cref="Constants"/> lists this extension for its browser family (no file read: the common case costs nothing).</summary>
    public bool IsAllowed => IsServedBy(ExtensionIdSet.BuiltIn);

    /// <summary>True when <paramref name="ids"/> (the built-in ids plus those added with <c>install --extension-id</c>) lists this extension.</summary>
    public bool IsServedBy(ExtensionIdSet ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Serves(Browser == "firefox" ? BrowserFamily.Firefox : BrowserFamily.Chromium, ExtensionId);
    }
}
