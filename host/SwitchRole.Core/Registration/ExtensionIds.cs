using System.Text.RegularExpressions;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Registration;

/// <summary>
/// The extension ids the host serves and its manifests allow: the built-in ones (<see cref="Constants"/>, the
/// development id of unpacked builds) plus the ones added with <c>switchrole install --extension-id</c>.
/// </summary>
public sealed record ExtensionIdSet(IReadOnlyList<string> Chromium, IReadOnlyList<string> Firefox)
{
    public static ExtensionIdSet BuiltIn { get; } = new(Constants.ChromiumExtensionIds, Constants.FirefoxAddonIds);

    /// <summary>The built-in ids, then <paramref name="ids"/> sorted into their family (each id once, in order).</summary>
    public static ExtensionIdSet WithAdded(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.ToList();
        return new ExtensionIdSet(
            [.. Constants.ChromiumExtensionIds.Concat(list.Where(id => ExtensionIds.FamilyOf(id) == BrowserFamily.Chromium)).Distinct(StringComparer.Ordinal)],
            [.. Constants.FirefoxAddonIds.Concat(list.Where(id => ExtensionIds.FamilyOf(id) == BrowserFamily.Firefox)).Distinct(StringComparer.Ordinal)]);
    }

    public IReadOnlyList<string> For(BrowserFamily family) => family == BrowserFamily.Chromium ? Chromium : Firefox;

    public bool Serves(BrowserFamily family, string id) => For(family).Contains(id, StringComparer.Ordinal);
}

/// <summary>What an extension id looks like in each browser family.</summary>
public static partial class ExtensionIds
{
    /// <summary>Firefox add-on ids are at most this long (MDN, browser_specific_settings: "80 characters or less").</summary>
    public const int MaxFirefoxIdLength = 80;

    /// <summary>Chromium: 32 letters a to p (the hash of the extension's key). Firefox: <c>name@domain</c> or a <c>{GUID}</c>.</summary>
    public static BrowserFamily? FamilyOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (ChromiumId().IsMatch(id))
        {
            return BrowserFamily.Chromium;
        }

        return id.Length <= MaxFirefoxIdLength && (FirefoxEmailId().IsMatch(id) || FirefoxGuidId().IsMatch(id)) ? BrowserFamily.Firefox : null;
    }

    /// <summary>The family of <paramref name="id"/>, or a <see cref="ValidationException"/> naming <paramref name="field"/> and both shapes.</summary>
    public static BrowserFamily Require(string id, string field)
    {
        ArgumentNullException.ThrowIfNull(id);
        return FamilyOf(id) ?? throw new ValidationException(field,
            $"'{RoleValidator.Printable(id)}' is not an extension id: a Chromium id is 32 letters a to p (chrome://extensions shows it), " +
            $"a Firefox add-on id looks like name@example.com or {{8-4-4-4-12 hex digits}} (at most {MaxFirefoxIdLength} characters)");
    }

    [GeneratedRegex("^[a-p]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChromiumId();

    [GeneratedRegex(@"^[A-Za-z0-9._+-]*@[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FirefoxEmailId();

    [GeneratedRegex(@"^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex FirefoxGuidId();
}
