using System.Text;

namespace SwitchRole.Core.Tests.Sources;

/// <summary>Team files as people write them (AESR INI), and helpers to change one on disk.</summary>
internal static class TeamFiles
{
    public const string TwoRoles = """
        [Prod admin]
        aws_account_id = 111111111111
        role_name = Admin
        color = ff0000
        region = eu-west-1

        [Dev read-only]
        aws_account_id = 222222222222
        role_name = ReadOnly
        group = dev
        """;

    public const string ProdChangedDevDropped = """
        [Prod administrator]
        aws_account_id = 111111111111
        role_name = Admin
        color = 00ff00
        region = us-east-1

        [Staging]
        aws_account_id = 333333333333
        role_name = Deploy
        """;

    public const string Broken = """
        [Prod admin]
        aws_account_id = 1111
        role_name = Admin
        """;

    public static string Write(TempHome home, string content, string name = "team.ini")
    {
        var path = Path.Combine(home.Root, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
