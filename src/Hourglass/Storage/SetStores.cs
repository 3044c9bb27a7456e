using System.Collections.Concurrent;
using Hourglass.Configuration;
using Microsoft.Extensions.Logging;

namespace Hourglass.Storage;

/// <summary>
/// Every store sets live in: the local backup root, where sets are made, and the configured targets, which receive
/// copies. Commands and runners name a target (or none, for the local root) and get its store from here, so
/// restore, verify, list and prune work the same on either. Stores are made once, on first use: a command that never
/// touches a target never builds an S3 client.
/// </summary>
public sealed class SetStores
{
    private readonly TargetList _targets;
    private readonly SetKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<SetStores> _logger;
    private readonly ConcurrentDictionary<string, Lazy<ISetStore>> _opened = new(StringComparer.Ordinal);

    public SetStores(HourglassOptions options, TargetList targets, SetKeys keys, TimeProvider time, ILogger<SetStores> logger)
    {
        _targets = targets;
        _keys = keys;
        _time = time;
        _logger = logger;
        var local = new LocalSetStore(options.BackupRoot, time);
        Local = options.Encryption.Local ? new EncryptingSetStore(local, keys) : local;
    }

    /// <summary>The backup root: where every set is made.</summary>
    public ISetStore Local { get; }

    /// <summary>The targets in force.</summary>
    public TargetList Targets => _targets;

    /// <summary>The store of <paramref name="target"/>, or the local root when it is null; a usage error for an unknown target.</summary>
    public ISetStore For(string? target) => target is null ? Local : Target(_targets.Get(target));

    /// <summary>The store of a configured target.</summary>
    public ISetStore Target(Target target) =>
        _opened.GetOrAdd(target.Name, _ => new Lazy<ISetStore>(() => Open(target))).Value;

    private ISetStore Open(Target target)
    {
        var options = target.Options;
        var location = new S3Location(target.Name, options.Bucket!, options.Prefix, options.Endpoint, options.Region, options.ForcePathStyle);
        ISetStore store = new S3SetStore(location, _time, _logger);
        return target.Encrypt ? new EncryptingSetStore(store, _keys) : store;
    }
}
