using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

public sealed class RoleImporterTests
{
    public static TheoryData<string> GoldenInputs => GoldenFiles.Inputs("Golden");

    public static TheoryData<string> MalformedInputs => GoldenFiles.Inputs("Malformed");

    [Theory]
    [MemberData(nameof(GoldenInputs))]
    public void Parse_GoldenFileWithAutoDetection_GivesTheReviewedEntries(string input)
    {
        var bytes = File.ReadAllBytes(Path.Combine(GoldenFiles.Directory("Golden"), input));

        var result = RoleImporter.Parse(bytes, ImportFormat.Auto, new ImportOptions(input));

        Assert.Empty(result.Errors);
        GoldenFiles.AssertMatches("Golden", input, GoldenFiles.Describe(result));
    }

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Parse_MalformedFile_ReportsEachErrorWithItsLocation(string input)
    {
        var bytes = File.ReadAllBytes(Path.Combine(GoldenFiles.Directory("Malformed"), input));

        var result = RoleImporter.Parse(bytes, FormatOf(input), new ImportOptions(input));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal(input, e.File));
        GoldenFiles.AssertMatches("Malformed", input, GoldenFiles.Describe(result));
    }

    [Theory]
    [InlineData("[prod]\naws_account_id = 123456789012\nrole_name = Admin\n", ImportFormat.Aesr)]
    [InlineData("[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/Admin\noutput = json\n", ImportFormat.AwsConfig)]
    [InlineData("[default]\nregion = eu-west-1\n[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n", ImportFormat.AwsConfig)]
    [InlineData("# team\n\naccount_id,role_name\n123456789012,Admin\n", ImportFormat.Csv)]
    [InlineData("{\"format\":\"switchrole-backup\",\"version\":1,\"entries\":[]}", ImportFormat.Json)]
    [InlineData("{\"bn\":\"a\",\"ba\":\"111111111111\",\"rl\":[]}", ImportFormat.Cookie)]
    [InlineData("%7B%22rl%22%3A%5B%5D%7D", ImportFormat.Cookie)]
    [InlineData("https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=Admin\n", ImportFormat.Links)]
    public void Detect_TypicalContent_NamesItsFormat(string text, ImportFormat expected)
    {
        Assert.Equal(expected, RoleImporter.Detect(text, out _));
    }

    [Fact]
    public void Parse_UnclassifiableContent_NamesEveryFormatTried()
    {
        var result = RoleImporter.Parse("just some words\n", ImportFormat.Auto, new ImportOptions("notes.txt"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("format", error.Field);
        foreach (var name in RoleImporter.FormatNames)
        {
            Assert.Contains(name, error.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_ManyBadRows_StopsListingAtTheCapAndSaysSo()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 500).Select(i => $"bad{i},Admin"));
        var result = RoleImporter.Parse("account_id,role_name\n" + rows, ImportFormat.Csv, new ImportOptions("big.csv"));

        Assert.Equal(100, result.Errors.Count);
        Assert.True(result.ErrorsTruncated);
    }

    [Fact]
    public void Parse_HugeInput_IsRefusedWithoutParsing()
    {
        var bytes = new byte[TextInput.MaxBytes + 1];
        bytes.AsSpan().Fill((byte)'a');

        var result = RoleImporter.Parse(bytes, ImportFormat.Auto, new ImportOptions("huge.txt"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("larger than 32 MiB", error.Reason, StringComparison.Ordinal);
    }

    private static ImportFormat FormatOf(string file) => file.Split('-')[0] switch
    {
        "aesr" => ImportFormat.Aesr,
        "awsconfig" => ImportFormat.AwsConfig,
        "csv" => ImportFormat.Csv,
        "links" => ImportFormat.Links,
        "cookie" => ImportFormat.Cookie,
        "json" => ImportFormat.Json,
        _ => ImportFormat.Auto,
    };
}
