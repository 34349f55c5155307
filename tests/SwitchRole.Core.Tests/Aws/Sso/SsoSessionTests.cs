using SwitchRole.Network.Aws;
using SwitchRole.Network.Aws.Sso;

namespace SwitchRole.Core.Tests.Aws.Sso;

/// <summary>Which sso-sessions a person can choose from: <see cref="SsoSession.ListConfigured"/> on a real config file.</summary>
public sealed class SsoSessionTests : IDisposable
{
    private readonly TempUserHome _user = new();

    public void Dispose() => _user.Dispose();

    private string ConfigFile => Path.Combine(_user.Root, "config");

    private string? Env(string name) => name == "AWS_CONFIG_FILE" ? ConfigFile : null;

    [Fact]
    public void ListConfigured_SeveralSessions_ListsEachByNameWithItsPortal_AndSaysWhatIsWrongWithABrokenOne()
    {
        // The shared fixture: [sso-session corp], a profile using it, and a legacy profile with its own start URL.
        File.WriteAllText(ConfigFile, SsoTestSupport.Config + """


            [sso-session Client-A]
            sso_start_url = https://client-a.awsapps.com/start
            sso_region = eu-west-1

            [sso-session broken]
            sso_region = eu-west-1

            [sso-session has space]
            sso_start_url = https://space.awsapps.com/start
            sso_region = eu-west-1
            """);

        var listed = SsoSession.ListConfigured(Env, _user.Root);

        Assert.Equal(["broken", "Client-A", "corp", "has space"], listed.Select(s => s.Name));
        Assert.Equal(new ConfiguredSsoSession("Client-A", "https://client-a.awsapps.com/start", "eu-west-1", null), listed[1]);
        Assert.Equal(new ConfiguredSsoSession("corp", "https://corp.awsapps.com/start", "eu-central-1", null), listed[2]);
        Assert.Equal($"[sso-session broken] in {ConfigFile} needs sso_start_url, the https:// URL of your AWS access portal.", listed[0].Problem);
        Assert.Contains("rename it", listed[3].Problem, StringComparison.Ordinal);
        Assert.Null(listed[3].StartUrl);
    }

    [Fact]
    public void ListConfigured_NoConfigFile_ListsNone()
    {
        Assert.Empty(SsoSession.ListConfigured(Env, _user.Root));
    }

    [Fact]
    public void ListConfigured_AListedNameResolvesToTheSameSession()
    {
        File.WriteAllText(ConfigFile, "[sso-session a]\nsso_start_url = https://a.awsapps.com/start\nsso_region = eu-west-1\n[sso-session b]\nsso_start_url = https://b.awsapps.com/start\nsso_region = us-east-1\n");

        foreach (var listed in SsoSession.ListConfigured(Env, _user.Root))
        {
            var resolved = SsoSession.Resolve(listed.Name, null, Env, _user.Root);
            Assert.Equal((listed.StartUrl, listed.Region), (resolved.StartUrl, resolved.Region));
        }

        // Two sessions and no name: still the sentence naming both, as before.
        var ex = Assert.Throws<StsException>(() => SsoSession.Resolve(null, null, Env, _user.Root));
        Assert.Contains("has 2 sso-sessions (a, b)", ex.Message, StringComparison.Ordinal);
    }
}
