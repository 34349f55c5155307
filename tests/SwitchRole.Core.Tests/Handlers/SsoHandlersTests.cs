using System.Web;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Tests.Protocol;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Aws.Sso;
using SwitchRole.Network.Handlers;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

/// <summary><c>sso.accounts</c>, <c>sso.sessions</c> and <c>sso.signinUrl</c> through the real loop, against the loopback Identity Center and federation fakes.</summary>
public sealed class SsoHandlersTests
{
    private const string Config = """
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-central-1

        [profile dev]
        sso_session = corp
        sso_account_id = 400000000001
        sso_role_name = Developer
        """;

    private sealed class World : IAsyncDisposable
    {
        public World()
        {
            Directory.CreateDirectory(Path.Combine(User.Root, ".aws"));
            File.WriteAllText(Path.Combine(User.Root, ".aws", "config"), Config);
            Sso.SsoAccounts["400000000002"] = ("Production", ["ReadOnly"]);
            Sso.SsoAccounts["400000000001"] = ("Development", ["ReadOnly", "Developer"]);
            Sso.SsoAccounts["400000000003"] = ("audit", ["SecurityAudit"]);
            Federation.AddCredentials(Sso.SsoRoleAccessKeyId, Sso.SsoRoleSecret);
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["HOME"] = User.Root,
                ["AWS_ENDPOINT_URL_SSO"] = Sso.BaseUrl.ToString(),
                ["AWS_ENDPOINT_URL_SSO_OIDC"] = Sso.BaseUrl.ToString(),
                [FederationEndpoints.EnvironmentVariable] = Federation.FederationUrl.ToString(),
            };
        }

        public TempHome Home { get; } = new();

        public TempUserHome User { get; } = new();

        public FakeAwsCatalogue Sso { get; } = new();

        public FakeAwsEndpoints Federation { get; } = new();

        public HttpClient Http { get; } = new();

        public Dictionary<string, string?> Environment { get; }

        public SsoSession Session => SsoSession.Resolve("corp", null, Env, User.Root);

        public string CacheFile => SsoTokenStore.CacheFile(User.Root, Session);

        public string? Env(string name) => Environment.GetValueOrDefault(name);

        /// <summary>A sign-in as `switchrole login` leaves it, with a token the fake portal accepts.</summary>
        public void SignIn(DateTimeOffset expires, string accessToken = "popup-access-token-0123456789abcdef", string refreshToken = "popup-refresh-token-0123456789abcdef")
        {
            Sso.SsoAccessTokens[accessToken] = true;
            Sso.SsoRefreshTokens[refreshToken] = true;
            SsoTokenStore.Write(User.Root, Session, new SsoToken
            {
                StartUrl = "https://corp.awsapps.com/start",
                Region = "eu-central-1",
                AccessToken = accessToken,
                ExpiresAt = SsoTokenStore.FormatTime(expires),
                ClientId = "fake-client-id",
                ClientSecret = "fake-client-secret-0123456789",
                RegistrationExpiresAt = SsoTokenStore.FormatTime(DateTimeOffset.UtcNow.AddDays(60)),
                RefreshToken = refreshToken,
            });
        }

        public Task<(int ExitCode, List<System.Text.Json.Nodes.JsonObject> Replies)> RunAsync(params string[] requests) =>
            HostHarness.RunAsync(Home, requests.Select(r => Frame(r)), s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, new AwsServices(
                (_, _) => throw new InvalidOperationException("no STS here"),
                partition => new FederationClient(Http, FederationEndpoints.For(partition, Env)),
                (ssoSession, profile) => AwsServices.SsoSignInFor(ssoSession, profile, Env),
                Env))));

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Sso.DisposeAsync();
            await Federation.DisposeAsync();
            User.Dispose();
            Home.Dispose();
        }
    }

    [Fact]
    public async Task SsoAccounts_SignedIn_ListsAccountsByNameWithTheirPermissionSets_AndHelloOffersBothActions()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(1));

        var (_, replies) = await world.RunAsync("""{"id":1,"action":"hello"}""", """{"id":2,"action":"sso.accounts"}""");

        var capabilities = replies.Single(r => (int?)r["id"] == 1)["result"]!["capabilities"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Contains("sso.accounts", capabilities);
        Assert.Contains("sso.signinUrl", capabilities);
        var reply = replies.Single(r => (int?)r["id"] == 2);
        var result = reply["result"]!;
        Assert.Equal("corp", (string?)result["ssoSession"]);
        Assert.Equal("https://corp.awsapps.com/start", (string?)result["startUrl"]);
        Assert.Equal(3, (int)result["total"]!);
        Assert.False((bool)result["truncated"]!);
        var accounts = result["accounts"]!.AsArray()
            .Select(a => ((string?)a!["accountId"], (string?)a["accountName"], string.Join(",", a["permissionSets"]!.AsArray().Select(p => (string?)p))))
            .ToList();
        Assert.Equal([("400000000003", "audit", "SecurityAudit"), ("400000000001", "Development", "Developer,ReadOnly"), ("400000000002", "Production", "ReadOnly")], accounts);
        Assert.DoesNotContain("popup-access-token", reply.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SsoSessions_TwoConfigured_ListsBoth_AndTheChosenOneIsTheOneListed_WithoutAskingAws()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(1));
        File.AppendAllText(Path.Combine(world.User.Root, ".aws", "config"), "\n[sso-session client-a]\nsso_start_url = https://client-a.awsapps.com/start\nsso_region = eu-west-1\n");

        var (_, replies) = await world.RunAsync("""{"id":1,"action":"hello"}""", """{"id":2,"action":"sso.sessions"}""");
        Assert.Empty(world.Sso.Requests);
        var (_, accountReplies) = await world.RunAsync("""{"id":3,"action":"sso.accounts"}""", """{"id":4,"action":"sso.accounts","ssoSession":"corp"}""");
        replies.AddRange(accountReplies);

        Assert.Contains("sso.sessions", replies.Single(r => (int?)r["id"] == 1)["result"]!["capabilities"]!.AsArray().Select(c => (string?)c));
        var sessions = replies.Single(r => (int?)r["id"] == 2)["result"]!;
        Assert.Equal(Path.Combine(world.User.Root, ".aws", "config"), (string?)sessions["configFile"]);
        Assert.False((bool)sessions["truncated"]!);
        Assert.Equal(
            """[{"name":"client-a","startUrl":"https://client-a.awsapps.com/start","region":"eu-west-1","problem":null},{"name":"corp","startUrl":"https://corp.awsapps.com/start","region":"eu-central-1","problem":null}]""",
            sessions["sessions"]!.ToJsonString());

        // Without a choice the host cannot pick; with one, that session's accounts.
        var ambiguous = replies.Single(r => (int?)r["id"] == 3);
        MessageLoopTests.AssertError(ambiguous, ErrorCode.AwsError, id: 3);
        Assert.Contains("2 sso-sessions (corp, client-a)", (string?)ambiguous["error"]!["message"], StringComparison.Ordinal);
        var chosen = replies.Single(r => (int?)r["id"] == 4)["result"]!;
        Assert.Equal("corp", (string?)chosen["ssoSession"]);
        Assert.Equal(3, (int)chosen["total"]!);
    }

    [Fact]
    public async Task SsoAccounts_NotSignedIn_AnswersAwsErrorSayingToRunSwitchroleLogin()
    {
        await using var world = new World();

        var (_, replies) = await world.RunAsync("""{"id":3,"action":"sso.accounts"}""");

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 3);
        Assert.Equal("no-credentials", (string?)replies[0]["error"]!["field"]);
        Assert.Contains("run `switchrole login --sso-session corp`", (string?)replies[0]["error"]!["message"], StringComparison.Ordinal);
        Assert.Empty(world.Sso.Requests);
    }

    [Fact]
    public async Task SsoAccounts_ExpiredTokenWithoutAUsableRefresh_AnswersExpiredSayingToSignInAgain()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(-1));
        world.Sso.SsoRefreshTokens.Clear();

        var (_, replies) = await world.RunAsync("""{"id":4,"action":"sso.accounts"}""");

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 4);
        Assert.Equal("expired-credentials", (string?)replies[0]["error"]!["field"]);
        Assert.Contains("switchrole login", (string?)replies[0]["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SsoAccounts_ExpiredTokenWithARefreshToken_RefreshesTheSharedCache0600AndLists()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(-1));

        var (_, replies) = await world.RunAsync("""{"id":5,"action":"sso.accounts"}""");

        Assert.True(replies[0]["ok"]!.GetValue<bool>(), replies[0].ToJsonString());
        Assert.Equal(3, replies[0]["result"]!["accounts"]!.AsArray().Count);
        var cached = SsoTokenStore.Read(world.User.Root, world.Session)!;
        Assert.StartsWith("fake-sso-access-token-", cached.AccessToken, StringComparison.Ordinal);
        Assert.True(cached.Expires > DateTimeOffset.UtcNow);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(world.CacheFile));
        }
    }

    [Fact]
    public async Task SsoSigninUrl_AssignedPermissionSet_AnswersAFederationLoginUrlForTheRegion_AndNoCredentials()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(1));

        var (_, replies) = await world.RunAsync("""{"id":6,"action":"sso.signinUrl","accountId":"4000-0000-0001","permissionSet":"Developer","region":"eu-west-1"}""");

        Assert.True(replies[0]["ok"]!.GetValue<bool>(), replies[0].ToJsonString());
        var result = replies[0]["result"]!;
        Assert.Equal("400000000001", (string?)result["accountId"]);
        Assert.Equal("Developer", (string?)result["permissionSet"]);
        var url = new Uri((string)result["url"]!);
        Assert.Equal(world.Federation.FederationUrl.AbsolutePath, url.AbsolutePath);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("login", query["Action"]);
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1", query["Destination"]);
        Assert.Contains(query["SigninToken"], world.Federation.IssuedSecrets);
        var frame = replies[0].ToJsonString();
        Assert.DoesNotContain(world.Sso.SsoRoleSecret, frame, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Sso.SsoRoleAccessKeyId, frame, StringComparison.Ordinal);
        Assert.DoesNotContain("popup-access-token", frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SsoSigninUrl_LogoutFirst_WrapsTheLoginUrlInTheLogoutPage()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(1));

        var (_, replies) = await world.RunAsync("""{"id":7,"action":"sso.signinUrl","accountId":"400000000002","permissionSet":"ReadOnly","logoutFirst":true}""");

        var url = new Uri((string)replies[0]["result"]!["url"]!);
        Assert.Equal("logout", HttpUtility.ParseQueryString(url.Query)["Action"]);
        var login = new Uri(HttpUtility.ParseQueryString(url.Query)["redirect_uri"]!);
        Assert.Equal("login", HttpUtility.ParseQueryString(login.Query)["Action"]);
    }

    [Theory]
    [InlineData("""{"id":8,"action":"sso.signinUrl","accountId":"400000000001","permissionSet":"<script>"}""", "permissionSet")]
    [InlineData("""{"id":8,"action":"sso.signinUrl","accountId":"4000","permissionSet":"Developer"}""", "accountId")]
    [InlineData("""{"id":8,"action":"sso.signinUrl","accountId":"400000000001","permissionSet":"Developer","ssoSession":"a b"}""", "ssoSession")]
    [InlineData("""{"id":8,"action":"sso.accounts","profile":"../x"}""", "profile")]
    public async Task SsoActions_BadInput_AnswerInvalidFieldNamingIt_WithoutCallingAws(string request, string field)
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(1));

        var (_, replies) = await world.RunAsync(request);

        MessageLoopTests.AssertError(replies[0], ErrorCode.InvalidField, id: 8);
        Assert.Equal(field, (string?)replies[0]["error"]!["field"]);
        Assert.Empty(world.Sso.Requests);
    }

    [Fact]
    public async Task SsoSigninUrl_UnknownSsoSession_AnswersAwsErrorNamingTheSectionToAdd()
    {
        await using var world = new World();

        var (_, replies) = await world.RunAsync("""{"id":9,"action":"sso.signinUrl","accountId":"400000000001","permissionSet":"Developer","ssoSession":"other"}""");

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 9);
        Assert.Contains("[sso-session other]", (string?)replies[0]["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SsoSigninUrl_PermissionSetNotAssigned_AnswersNotFoundPointingAtTheList()
    {
        await using var world = new World();
        world.SignIn(DateTimeOffset.UtcNow.AddHours(1));

        var (_, replies) = await world.RunAsync("""{"id":10,"action":"sso.signinUrl","accountId":"400000000002","permissionSet":"AdministratorAccess"}""");

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 10);
        Assert.Equal("not-found", (string?)replies[0]["error"]!["field"]);
        Assert.Equal("Permission set 'AdministratorAccess' in account 400000000002 is not assigned to you: see `switchrole discover sso`.", (string?)replies[0]["error"]!["message"]);
        Assert.Empty(world.Federation.Requests);
    }
}
