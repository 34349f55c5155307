using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

public sealed class CsvFormatTests
{
    [Fact]
    public void Write_ThenParse_GivesBackTheSameEntries()
    {
        var text = CsvFormat.Write(SampleEntries.Valid);

        var result = CsvFormat.Parse(text, new ImportOptions("roles.csv"));

        FormatRoundTripAsserts.SameEntries(SampleEntries.Valid, result, baseAndGroup: true);
    }

    [Fact]
    public void Write_FieldsWithCommasAndQuotes_AreQuotedPerRfc4180()
    {
        var text = CsvFormat.Write(SampleEntries.Valid);

        Assert.StartsWith("account_id,role_name,display_name,color,region,group,base_account_id\n", text, StringComparison.Ordinal);
        Assert.Contains("210987654321,ReadOnly,\"Audit, \"\"read\"\" only\",,,,\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ColumnsInAnyOrderAndCase_AreMatchedByName()
    {
        var result = CsvFormat.Parse("Region,ROLE_NAME,Account_Id\neu-west-1,Admin,123456789012\n", new ImportOptions("x.csv"));

        var entry = Assert.Single(result.Entries);
        Assert.Equal(("123456789012", "Admin", "eu-west-1"), (entry.Role.AccountId, entry.Role.RoleName, entry.Role.Region));
    }

    [Fact]
    public void Parse_QuotedFieldWithLineBreak_ReportsTheRowsStartLineForLaterErrors()
    {
        var text = "account_id,role_name,notes\n123456789012,Admin,\"two\nlines\"\nbad,Admin,x\n";

        var result = CsvFormat.Parse(text, new ImportOptions("x.csv"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation(4, 1), error.Location);
    }
}
