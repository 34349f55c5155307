using System.Diagnostics;
using System.Text;

namespace SwitchRole.TestSupport;

/// <summary>
/// Runs the built <c>switchrole</c> binary as a child process with a clean environment: a temp SWITCHROLE_HOME
/// and HOME, temp AWS config files (never the real ~/.aws), no instance metadata, and the SDK pointed at the
/// loopback fake through <c>AWS_ENDPOINT_URL_STS</c>. Disposing scans every file under SWITCHROLE_HOME for
/// every secret the test used or the fake issued.
/// </summary>
public sealed class AwsCliHarness : IAsyncDisposable
{
    public const string AccessKeyId = "AKIACLITESTBASEKEY01";
    public const string SecretAccessKey = "cli-base-secret/0123456789+abcdefghijklmn";
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLEBASESESSIONTOKEN0123456789abcdef";

    public AwsCliHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "swr-aws-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "home"));
        Fake.AddCredentials(AccessKeyId, SecretAccessKey);
        Environment["HOME"] = Path.Combine(Root, "home");
        Environment["SWITCHROLE_HOME"] = SwitchRoleHome;
        Environment["AWS_CONFIG_FILE"] = Path.Combine(Root, "aws-config");
        Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Root, "aws-credentials");
        Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        Environment["AWS_ENDPOINT_URL_STS"] = Fake.StsUrl.ToString();
        Environment["AWS_ENDPOINT_URL_SSO"] = Fake.SsoUrl.ToString();
        Environment["SWITCHROLE_FEDERATION_ENDPOINT"] = Fake.FederationUrl.ToString();
        Environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        Environment["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey;
        Environment["AWS_SESSION_TOKEN"] = SessionToken;
    }

    public string Root { get; }

    public string SwitchRoleHome => Path.Combine(Root, "switchrole");

    public FakeAwsEndpoints Fake { get; } = new();

    /// <summary>Variables set for the child; a null value removes the variable.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Secrets the test put in on top of the fake's, for the leak scan.</summary>
    public List<string> ExtraSecrets { get; } = [];

    public void UseProfileOnly()
    {
        Environment["AWS_ACCESS_KEY_ID"] = null;
        Environment["AWS_SECRET_ACCESS_KEY"] = null;
        Environment["AWS_SESSION_TOKEN"] = null;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    public async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        var start = StartInfo(args);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs <c>switchrole serve</c> (host mode) with this environment, sends the requests as frames, reads until each
    /// has its answer (AWS answers may come in any order: match them by id; events are skipped), then closes its input.
    /// </summary>
    public async Task<List<System.Text.Json.Nodes.JsonObject>> ServeAsync(params string[] requests)
    {
        using var process = Process.Start(StartInfo(["serve"]))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var input = process.StandardInput.BaseStream;
        foreach (var request in requests)
        {
            await input.WriteAsync(HostProcess.Frame(request));
        }

        await input.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.BaseStream;
        var answers = new List<System.Text.Json.Nodes.JsonObject>();
        var header = new byte[4];
        while (answers.Count < requests.Length)
        {
            await stdout.ReadExactlyAsync(header, timeout.Token);
            var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header)];
            await stdout.ReadExactlyAsync(body, timeout.Token);
            var frame = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
            if (frame.ContainsKey("id"))
            {
                answers.Add(frame);
            }
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        _ = await stderr;
        return answers;
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var directory = AppContext.BaseDirectory;
        var appHost = Path.Combine(directory, OperatingSystem.IsWindows() ? "switchrole.exe" : "switchrole");
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        if (System.Environment.GetEnvironmentVariable("SWITCHROLE_TEST_BINARY") is { Length: > 0 } published)
        {
            // Runs the same tests against a published (NativeAOT) binary.
            start.FileName = published;
        }
        else if (File.Exists(appHost))
        {
            start.FileName = appHost;
        }
        else
        {
            start.FileName = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(directory, "switchrole.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("SWITCHROLE_", StringComparison.Ordinal) || name == "BROWSER")
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    /// <summary>
    /// Runs the binary with stderr on a pseudo-terminal (util-linux <c>script</c>) and stdout to a file, as a person
    /// at a terminal running <c>switchrole ... &gt; out.txt</c>. Returns what the terminal showed and the file's text.
    /// </summary>
    public async Task<(int ExitCode, string Terminal, string Out)> RunWithStderrOnTerminalAsync(params string[] args)
    {
        var binary = System.Environment.GetEnvironmentVariable("SWITCHROLE_TEST_BINARY") is { Length: > 0 } published
            ? published
            : Path.Combine(AppContext.BaseDirectory, "switchrole");
        var outFile = Path.Combine(Root, "terminal-stdout.txt");
        var command = string.Join(' ', new[] { binary }.Concat(args).Select(Quote)) + " > " + Quote(outFile);
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("SWITCHROLE_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in Environment)
        {
            if (value is not null)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["SHELL"] = "/bin/sh";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var terminal = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await terminal + await stderr, File.Exists(outFile) ? await File.ReadAllTextAsync(outFile) : string.Empty);

        static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public void WriteAwsConfig(string text) => File.WriteAllText(Environment["AWS_CONFIG_FILE"]!, text);

    public void WriteAwsCredentials(string text) => File.WriteAllText(Environment["AWS_SHARED_CREDENTIALS_FILE"]!, text);

    /// <summary>
    /// Writes the token cache file `aws sso login` leaves in HOME/.aws/sso/cache (named by the SHA-1 of the sso-session
    /// name or legacy start URL), makes the fake portal accept the token, and adds the file's secrets to the leak scan.
    /// </summary>
    public void WriteSsoLogin(string keySource, string accessToken, DateTimeOffset expiresAt)
    {
#pragma warning disable CA5350 // The AWS CLI's file-naming rule.
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(keySource)));
#pragma warning restore CA5350
        var folder = Path.Combine(Environment["HOME"]!, ".aws", "sso", "cache");
        Directory.CreateDirectory(folder);
        const string refreshToken = "aorAAAAAGCLIrefreshTOKEN0123456789abcdefghijklmnopqrstuvwxyz";
        const string clientSecret = "eyJraWQiOiJDTEktY2xpZW50LXNlY3JldC0wMTIzNDU2Nzg5In0";
        var expires = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, name + ".json"), $$"""
            {"startUrl": "https://corp.awsapps.com/start", "region": "eu-central-1", "accessToken": "{{accessToken}}", "expiresAt": "{{expires}}", "clientId": "CLIclientIdAAAAAAAAAAAAAAAevWVzdC0x", "clientSecret": "{{clientSecret}}", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "{{refreshToken}}"}
            """);
        Fake.AddSsoAccessToken(accessToken);
        ExtraSecrets.AddRange([accessToken, refreshToken, clientSecret]);
    }

    /// <summary>Every file under SWITCHROLE_HOME, with the names of the secrets found in it.</summary>
    public List<string> FindLeaks()
    {
        var secrets = new List<string> { SecretAccessKey, SessionToken, AccessKeyId };
        secrets.AddRange(Fake.IssuedSecrets);
        secrets.AddRange(ExtraSecrets);
        var leaks = new List<string>();
        if (!Directory.Exists(SwitchRoleHome))
        {
            return leaks;
        }

        foreach (var file in Directory.EnumerateFiles(SwitchRoleHome, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            var text = Encoding.UTF8.GetString(bytes);
            var latin = Encoding.Latin1.GetString(bytes);
            foreach (var secret in secrets.Where(s => s.Length >= 8))
            {
                if (text.Contains(secret, StringComparison.Ordinal) || latin.Contains(secret, StringComparison.Ordinal)
                    || text.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal))
                {
                    leaks.Add($"{Path.GetRelativePath(SwitchRoleHome, file)} holds a secret starting {secret[..6]}");
                }
            }
        }

        return leaks;
    }

    public async ValueTask DisposeAsync()
    {
        var leaks = FindLeaks();
        await Fake.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A browser child may still hold its profile folder; the temp dir is cleaned by the OS.
        }

        if (leaks.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Secrets reached SWITCHROLE_HOME: " + string.Join("; ", leaks));
        }
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}
