using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

/// <summary>Entries that stress every writer: paths, separators, quotes, comment characters, duplicates, partitions.</summary>
internal static class SampleEntries
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<RoleEntry> All { get; } =
    [
        Entry("123456789012", "ops/Admin", "Admin @ prod", "ff9900", "eu-west-1", "210987654321", "prod", uses: 3),
        Entry("210987654321", "ReadOnly", "Audit, \"read\" only", null, null, null, null),
        Entry("111122223333", "Dev", "Dev ; team # 2", "00aa00", "us-gov-west-1", null, "dev; eu"),
        Entry("444455556666", "Deployer", "Admin @ prod", null, "cn-north-1", "210987654321", null),
        Entry("777788889999", "path/to/Role+x=y,z.w@a_b-c", "[weird] name", "abcdef", null, "111122223333", "g"),
        Entry("555555555555", "Röle", "Ünïcode ✓ 日本", null, "ap-northeast-1", null, "国际"),
        Entry("666666666666", "Profile", "profile lookalike", null, null, null, null),
        Entry("888888888888", "Hash", "#starts with hash", "123456", null, null, "=formula"),
    ];

    private static RoleEntry Entry(string account, string role, string display, string? color, string? region, string? baseAccount, string? group, long uses = 0)
    {
        // Skip roles the validator refuses (the Unicode one) so the sample stays valid input.
        var created = T0.AddMinutes(account[0]);
        return new RoleEntry(account, role, display, color, region, baseAccount, group, "local", created, created.AddHours(1),
            uses > 0 ? created.AddDays(1) : null, uses);
    }

    /// <summary>The valid ones: every field passes <see cref="RoleValidator"/>.</summary>
    public static IReadOnlyList<RoleEntry> Valid { get; } = [.. All.Where(IsValid)];

    private static bool IsValid(RoleEntry e)
    {
        try
        {
            RoleValidator.Validate(new RoleInput(e.AccountId, e.RoleName, e.DisplayName, e.Color, e.Region, e.BaseAccountId, e.Group));
            return true;
        }
        catch (ValidationException)
        {
            return false;
        }
    }
}
