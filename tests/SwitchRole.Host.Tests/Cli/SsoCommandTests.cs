using System.Text.Json;

namespace SwitchRole.Host.Tests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SsoCommandTests
{
    private static (AwsCliHarness Cli, FakeAwsCatalogue Sso, string CacheFile) Start()
    {
        var cli = new AwsCliHarness();
        var sso = new FakeAwsCatalogue();
        cli.UseProfileOnly();
        cli.Environment["AWS_ENDPOINT_URL_SSO"] = sso.BaseUrl.ToString();
        cli.Environment["AWS_ENDPOINT_URL_SSO_OIDC"] = sso.BaseUrl.ToString();

        // The browser that would show the verification page: a recorder, never a real browser. The fake approves by itself.
        var opened = Path.Combine(cli.Root, "opened.txt");
        var script = Path.Combine(cli.Root, "browser.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$1\" >> '{opened}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        cli.Environment["BROWSER"] = script;
        cli.WriteAwsConfig("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n\n[profile dev]\nsso_session = corp\nsso_account_id = 400000000001\nsso_role_name = Developer\n");
        sso.SsoAccounts["400000000001"] = ("Development", ["Developer", "ReadOnly"]);
        sso.SsoAccounts["400000000002"] = ("Production", ["ReadOnly"]);
        sso.SsoAccounts["400000000003"] = ("Sandbox", ["AdministratorAccess"]);
#pragma warning disable CA5350 // The AWS CLI's file-naming rule.
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData("corp"u8));
#pragma warning restore CA5350
        return (cli, sso, Path.Combine(cli.Environment["HOME"]!, ".aws", "sso", "cache", key + ".json"));
    }

    [Fact]
    public async Task Login_CompletesTheDeviceFlow_WritesTheAwsCliCache0600_AndRefreshesAnExpiredToken()
    {
        var (cli, sso, cacheFile) = Start();
        await using var _ = cli;
        await using var __ = sso;
        sso.ExpectSignIn(pendingPolls: 1);

        var login = await cli.RunAsync("login", "--sso-session", "corp");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Signed in to https://corp.awsapps.com/start", login.Out, StringComparison.Ordinal);
        Assert.Contains("user_code=ABCD-EFGH", File.ReadAllText(Path.Combine(cli.Root, "opened.txt")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cacheFile));
        using (var cache = JsonDocument.Parse(File.ReadAllText(cacheFile)))
        {
            Assert.Equal("https://corp.awsapps.com/start", cache.RootElement.GetProperty("startUrl").GetString());
            Assert.Equal("eu-central-1", cache.RootElement.GetProperty("region").GetString());
            Assert.StartsWith("fake-sso-access-token-0001", cache.RootElement.GetProperty("accessToken").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("Z", cache.RootElement.GetProperty("expiresAt").GetString(), StringComparison.Ordinal);
            Assert.Equal("fake-client-id", cache.RootElement.GetProperty("clientId").GetString());
        }

        Assert.Equal(2, sso.Requests.Count(r => r.Path == "/token"));

        // Expire it: login refreshes with the refresh token, without a browser.
        var text = File.ReadAllText(cacheFile);
        var expired = JsonSerializer.Deserialize<Dictionary<string, string>>(text)!;
        expired["expiresAt"] = "2020-01-01T00:00:00Z";
        File.WriteAllText(cacheFile, JsonSerializer.Serialize(expired));
        File.Delete(Path.Combine(cli.Root, "opened.txt"));

        var refresh = await cli.RunAsync("login", "--sso-session", "corp");

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Contains("Refreshed your sign-in", refresh.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.Root, "opened.txt")));
        using var after = JsonDocument.Parse(File.ReadAllText(cacheFile));
        Assert.StartsWith("fake-sso-access-token-0002", after.RootElement.GetProperty("accessToken").GetString(), StringComparison.Ordinal);

        // The cache file is the one place the tokens may be: not the database, logs, temp files or anywhere else in HOME.
        var elsewhere = Directory.EnumerateFiles(cli.Root, "*", SearchOption.AllDirectories)
            .Where(f => f != cacheFile && sso.IssuedSecrets.Any(secret => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(elsewhere);
        cli.ExtraSecrets.AddRange(sso.IssuedSecrets);
    }

    [Fact]
    public async Task DiscoverSso_ListsAccountsAndPermissionSets_NamesDefaultNamedEntries_OpenSsoGivesAFederationUrl()
    {
        var (cli, sso, _) = Start();
        await using var _1 = cli;
        await using var _2 = sso;
        sso.ExpectSignIn(pendingPolls: 0);
        Assert.Equal(0, (await cli.RunAsync("login")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("add", "--account", "400000000002", "--role", "Ops")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("add", "--account", "400000000003", "--role", "Ops", "--name", "My sandbox")).ExitCode);

        var discover = await cli.RunAsync("discover", "sso", "--json");

        Assert.True(discover.ExitCode == 0, discover.ToString());
        using (var json = JsonDocument.Parse(discover.Out))
        {
            var accounts = json.RootElement.EnumerateArray().Select(a => (a.GetProperty("accountId").GetString(), a.GetProperty("accountName").GetString(), string.Join(",", a.GetProperty("permissionSets").EnumerateArray().Select(p => p.GetString())))).ToList();
            Assert.Equal([("400000000001", "Development", "Developer,ReadOnly"), ("400000000002", "Production", "ReadOnly"), ("400000000003", "Sandbox", "AdministratorAccess")], accounts);
        }

        var list = await cli.RunAsync("list", "--json");
        Assert.Contains("Ops @ Production", list.Out, StringComparison.Ordinal);
        Assert.Contains("My sandbox", list.Out, StringComparison.Ordinal);

        cli.Fake.AddCredentials(sso.SsoRoleAccessKeyId, sso.SsoRoleSecret);
        var open = await cli.RunAsync("open", "--sso", "400000000001/Developer", "--print");

        Assert.True(open.ExitCode == 0, open.ToString());
        var url = new Uri(open.Out.Trim());
        Assert.Equal(cli.Fake.FederationUrl.AbsolutePath, url.AbsolutePath);
        Assert.Contains("Action=login", url.Query, StringComparison.Ordinal);
        Assert.Contains("SigninToken=", url.Query, StringComparison.Ordinal);

        var denied = await cli.RunAsync("open", "--sso", "400000000002/AdministratorAccess", "--print");
        Assert.NotEqual(0, denied.ExitCode);
        cli.ExtraSecrets.AddRange(sso.IssuedSecrets);
    }

    [Fact]
    public async Task HostMode_SsoAccountsAndSigninUrl_AfterLogin_ListAndGiveAFederationUrl_WithNoSecretInTheAnswersOrDataFolder()
    {
        var (cli, sso, _) = Start();
        await using var _1 = cli;
        await using var _2 = sso;
        sso.ExpectSignIn(pendingPolls: 0);
        Assert.Equal(0, (await cli.RunAsync("login", "--sso-session", "corp")).ExitCode);
        cli.Fake.AddCredentials(sso.SsoRoleAccessKeyId, sso.SsoRoleSecret);

        var answers = await cli.ServeAsync(
            """{"id":1,"action":"sso.accounts"}""",
            """{"id":2,"action":"sso.signinUrl","accountId":"400000000003","permissionSet":"AdministratorAccess","region":"eu-west-1"}""");

        var accounts = answers.Single(a => (int?)a["id"] == 1);
        Assert.True(accounts["ok"]!.GetValue<bool>(), accounts.ToJsonString());
        Assert.Equal(["Development", "Production", "Sandbox"], accounts["result"]!["accounts"]!.AsArray().Select(a => (string?)a!["accountName"]));
        var signin = answers.Single(a => (int?)a["id"] == 2);
        Assert.True(signin["ok"]!.GetValue<bool>(), signin.ToJsonString());
        var url = new Uri((string)signin["result"]!["url"]!);
        Assert.Equal(cli.Fake.FederationUrl.AbsolutePath, url.AbsolutePath);
        Assert.Contains("SigninToken=", url.Query, StringComparison.Ordinal);
        var text = string.Join("\n", answers.Select(a => a.ToJsonString()));
        Assert.DoesNotContain(sso.IssuedSecrets, s => text.Contains(s, StringComparison.Ordinal));
        Assert.DoesNotContain(sso.SsoRoleSecret, text, StringComparison.Ordinal);
        cli.ExtraSecrets.AddRange(sso.IssuedSecrets);
        cli.ExtraSecrets.Add(sso.SsoRoleSecret);
    }
}
