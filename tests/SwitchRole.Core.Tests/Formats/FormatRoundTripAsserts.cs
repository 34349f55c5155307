using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

internal static class FormatRoundTripAsserts
{
    /// <summary>Asserts that <paramref name="result"/> holds exactly <paramref name="expected"/>, comparing the fields the format carries.</summary>
    public static void SameEntries(IReadOnlyList<RoleEntry> expected, ParsedImport result, bool baseAndGroup)
    {
        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Skipped, s => s.Kind != "base account");
        Assert.Equal(expected.Count, result.Entries.Count);
        var byKey = result.Entries.ToDictionary(e => e.Key);
        foreach (var e in expected)
        {
            var got = byKey[new RoleKey(e.AccountId, e.RoleName)].Role;
            Assert.Equal(e.DisplayName, got.DisplayName);
            Assert.Equal(e.Color, got.Color);
            Assert.Equal(e.Region, got.Region);
            if (baseAndGroup)
            {
                Assert.Equal(e.BaseAccountId, got.BaseAccountId);
                Assert.Equal(e.Group, got.Group);
            }
        }
    }
}
