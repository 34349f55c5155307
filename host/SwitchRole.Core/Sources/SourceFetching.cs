using System.Security.Cryptography;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Sources;

/// <summary>The bytes of a source as read, with what identifies this version.</summary>
public sealed record FetchedContent(byte[] Bytes, string Sha256, string? ETag, string? LastModified)
{
    public static FetchedContent Of(byte[] bytes, string? etag = null, string? lastModified = null) =>
        new(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), etag, lastModified);

    public SourceVersion Version => new(Sha256, ETag, LastModified);
}

public enum FetchStatus
{
    Fetched,
    NotModified,
    Failed,
}

/// <summary>The outcome of one read: content, "not modified" (HTTP 304), or an error safe to show and log.</summary>
public sealed record FetchOutcome(FetchStatus Status, FetchedContent? Content, string? Error)
{
    public static FetchOutcome Fail(string error) => new(FetchStatus.Failed, null, error);
}

/// <summary>
/// Reads a source's bytes: files here (<see cref="LocalSourceFetcher"/>), the network in SwitchRole.Network's
/// SourceFetcher. Syncs run in the CLI or in a <c>switchrole worker</c>; the browser-started host only schedules them
/// (Hosting/WorkerSourceSync.cs).
/// </summary>
public interface ISourceFetcher : IDisposable
{
    /// <summary>Reads the source; failures come back as <see cref="FetchStatus.Failed"/> with a message safe to show.</summary>
    /// <param name="source">The source.</param>
    /// <param name="conditional">Send the stored validators (ETag, Last-Modified) so an unchanged URL answers 304.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    Task<FetchOutcome> FetchAsync(TeamSource source, bool conditional, CancellationToken cancellationToken = default);
}

/// <summary>Reads file sources from disk, bounded in size.</summary>
public static class FileSourceReader
{
    public static FetchOutcome Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            if (Directory.Exists(path))
            {
                return FetchOutcome.Fail($"{path} is a directory, not a file");
            }

            // ReadWrite|Delete sharing: an editor or a git checkout may be replacing the file right now.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = TextInput.ReadLimited(stream);
            return bytes.Length > TextInput.MaxBytes
                ? FetchOutcome.Fail($"{path} is larger than {TextInput.MaxBytes / (1024 * 1024)} MiB; this is not a role list")
                : new FetchOutcome(FetchStatus.Fetched, FetchedContent.Of(bytes), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FetchOutcome.Fail($"{path}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            return FetchOutcome.Fail($"{path}: permission denied");
        }
        catch (IOException e)
        {
            return FetchOutcome.Fail($"{path}: cannot read it ({e.Message})");
        }
    }
}

/// <summary>Reads file sources only: what a process without a network helper can do. Other kinds fail with a sentence.</summary>
public sealed class LocalSourceFetcher : ISourceFetcher
{
    public Task<FetchOutcome> FetchAsync(TeamSource source, bool conditional, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Task.FromResult(source.Kind == SourceKind.File
            ? FileSourceReader.Read(source.Location)
            : FetchOutcome.Fail($"{source.DisplayLocation}: this process reads only file sources"));
    }

    public void Dispose()
    {
    }
}
