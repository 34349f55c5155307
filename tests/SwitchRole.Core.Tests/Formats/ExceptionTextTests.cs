using SwitchRole.Core.Formats;

namespace SwitchRole.Core.Tests.Formats;

public sealed class ExceptionTextTests
{
    [Theory]
    [InlineData("ExpectedStartOfValueNotFound, a", "expected start of value not found (a)")]
    [InlineData("IO_PathNotFound_Path, /tmp/x", "io path not found path (/tmp/x)")]
    [InlineData("'\"' is invalid after a value.", "'\"' is invalid after a value")]
    public void Readable_ResourceKeyOrSentence_ReadsAsWords(string message, string expected)
    {
        Assert.Equal(expected, ExceptionText.Readable(message));
    }
}
