using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>One entry of a bulk import.</summary>
public sealed record ImportEntry(string AccountId, string RoleName, string DisplayName, string Color, string Region, string Group);

/// <summary>How a bulk import reaches the database.</summary>
public enum ImportVia
{
    /// <summary>One <c>roles.upsert</c> request with every entry: one transaction, the all-or-nothing path an import takes.</summary>
    HostUpsert,

    /// <summary><c>switchrole import FILE --format csv</c>, the CLI a person or a team-source sync runs.</summary>
    CliImport,
}

/// <summary>
/// Runs a bulk import as its own process so tests can run several at once, or kill one in the middle.
/// </summary>
public sealed class Importer : IDisposable
{
    /// <summary>The way "CLI imports" run in the stress and crash tests.</summary>
    public const ImportVia Default = ImportVia.CliImport;

    private readonly HostProcess? _host;
    private readonly Process? _cli;
    private readonly Task<string>? _cliOut;
    private readonly Task<string>? _cliErr;
    private readonly string? _file;

    private Importer(HostProcess? host, Process? cli, string? file)
    {
        _host = host;
        _cli = cli;
        _file = file;
        if (cli is not null)
        {
            _cliOut = cli.StandardOutput.ReadToEndAsync();
            _cliErr = cli.StandardError.ReadToEndAsync();
        }
    }

    public ImportVia Via => _host is null ? ImportVia.CliImport : ImportVia.HostUpsert;

    /// <summary>Starts the import process; for the host, waits until it answered hello, then sends the entries.</summary>
    public static async Task<Importer> StartAsync(string home, IReadOnlyList<ImportEntry> entries, ImportVia via = Default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (via == ImportVia.HostUpsert)
        {
            var host = HostProcess.Start(home, "serve");
            try
            {
                var hello = await host.RequestAsync(1, "{\"action\":\"hello\"}", TimeSpan.FromSeconds(30));
                if (hello["ok"]?.GetValue<bool>() != true)
                {
                    throw new InvalidOperationException("hello failed: " + hello.ToJsonString());
                }

                await host.SendRawAsync(HostProcess.Frame(UpsertRequest(2, entries)));
                return new Importer(host, null, null);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

        var file = Path.Combine(home, $"import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, Csv(entries));
        var info = new ProcessStartInfo(RepoPaths.SwitchRoleBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "import", file, "--format", "csv" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SWITCHROLE_HOME"] = home;
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return new Importer(null, process, file);
    }

    /// <summary>Waits for the import to finish; returns an error description, or null when it succeeded.</summary>
    public async Task<string?> CompleteAsync(TimeSpan timeout)
    {
        if (_host is not null)
        {
            var response = await _host.ReadUntilAsync(f => f["id"] is JsonValue v && v.TryGetValue<int>(out var id) && id == 2, timeout);
            return response["ok"]?.GetValue<bool>() == true ? null : response.ToJsonString();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _cli!.WaitForExitAsync(cts.Token);
        return _cli.ExitCode == 0 ? null : $"exit {_cli.ExitCode}: {await _cliErr!}{await _cliOut!}";
    }

    /// <summary>SIGKILL on Linux: no chance to clean up, as in a crash or a browser's forced shutdown.</summary>
    public void Kill()
    {
        if (_host is not null)
        {
            _host.Kill();
        }
        else if (!_cli!.HasExited)
        {
            _cli.Kill(entireProcessTree: true);
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (_host is not null)
        {
            await _host.WaitForExitAsync(timeout);
            return;
        }

        using var cts = new CancellationTokenSource(timeout);
        await _cli!.WaitForExitAsync(cts.Token);
    }

    public void Dispose()
    {
        _host?.Dispose();
        if (_cli is not null)
        {
            if (!_cli.HasExited)
            {
                _cli.Kill(entireProcessTree: true);
            }

            _cli.Dispose();
        }

        if (_file is not null)
        {
            File.Delete(_file);
        }
    }

    public static byte[] UpsertRequest(int id, IReadOnlyList<ImportEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var roles = new JsonArray();
        foreach (var e in entries)
        {
            roles.Add(new JsonObject
            {
                ["accountId"] = e.AccountId,
                ["roleName"] = e.RoleName,
                ["displayName"] = e.DisplayName,
                ["color"] = e.Color,
                ["region"] = e.Region,
                ["group"] = e.Group,
            });
        }

        var request = new JsonObject { ["id"] = id, ["action"] = "roles.upsert", ["roles"] = roles };
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    public static string Csv(IReadOnlyList<ImportEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder("account_id,role_name,display_name,color,region,group\n");
        foreach (var e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.AccountId},{e.RoleName},{e.DisplayName},{e.Color},{e.Region},{e.Group}\n");
        }

        return text.ToString();
    }
}
