using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>A store that passes everything on to another and counts the bytes read from each file, to prove how often a command reads it.</summary>
internal sealed class CountingSetStore(ISetStore inner) : ISetStore
{
    private readonly List<(string File, HashingStream Stream)> _opened = [];

    /// <summary>The files opened for reading, in order, once per opening.</summary>
    public IReadOnlyList<string> Opened
    {
        get
        {
            lock (_opened)
            {
                return [.. _opened.Select(opened => opened.File)];
            }
        }
    }

    public string Location => inner.Location;

    /// <summary>The bytes read from <paramref name="file"/>, over every opening.</summary>
    public long BytesRead(string file)
    {
        lock (_opened)
        {
            return _opened.Where(opened => opened.File == file).Sum(opened => opened.Stream.Bytes);
        }
    }

    public async Task<Stream?> OpenReadAsync(SetId id, string file, CancellationToken cancellationToken)
    {
        if (await inner.OpenReadAsync(id, file, cancellationToken) is not { } stream)
        {
            return null;
        }

        var counted = new HashingStream(stream);
        lock (_opened)
        {
            _opened.Add((file, counted));
        }

        return counted;
    }

    public Task<IReadOnlyList<string>> ListTiersAsync(CancellationToken cancellationToken) => inner.ListTiersAsync(cancellationToken);

    public Task<IReadOnlyList<StoredSet>> ListSetsAsync(string? tier, CancellationToken cancellationToken) => inner.ListSetsAsync(tier, cancellationToken);

    public Task<StoredSet?> FindAsync(SetId id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<Leftover>> ListLeftoversAsync(string tier, CancellationToken cancellationToken) => inner.ListLeftoversAsync(tier, cancellationToken);

    public Task<ISetWriter> BeginAsync(SetId id, CancellationToken cancellationToken) => inner.BeginAsync(id, cancellationToken);

    public Task ReplaceManifestAsync(Manifest manifest, CancellationToken cancellationToken) => inner.ReplaceManifestAsync(manifest, cancellationToken);

    public Task DeleteAsync(SetId id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public Task RemoveLeftoverAsync(Leftover leftover, CancellationToken cancellationToken) => inner.RemoveLeftoverAsync(leftover, cancellationToken);

    public Task<long?> FreeBytesAsync(CancellationToken cancellationToken) => inner.FreeBytesAsync(cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
}
