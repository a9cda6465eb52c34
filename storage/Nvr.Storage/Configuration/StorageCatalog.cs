using System.Collections;
using System.Collections.Immutable;

namespace Nvr.Storage.Configuration;

/// <summary>
/// The storage configurations by token: seeded from the appliance configuration and repeated
/// <c>--storage TOKEN=URI</c> options (a later definition of a token replaces an earlier one), then kept current by
/// the control plane (storage configurations created, changed or deleted over the device service). Thread-safe: every
/// read sees one consistent snapshot; writers replace it.
/// </summary>
public sealed class StorageCatalog
{
    private ImmutableDictionary<string, StorageConfiguration> _byToken;

    /// <summary>Builds the catalog from <paramref name="configurations"/>.</summary>
    public StorageCatalog(IEnumerable<StorageConfiguration> configurations)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, StorageConfiguration>(StringComparer.Ordinal);
        foreach (var configuration in configurations)
        {
            builder[configuration.Token] = configuration;
        }

        _byToken = builder.ToImmutable();
        Tokens = new LiveTokens(this);
    }

    /// <summary>All configurations (a snapshot).</summary>
    public IReadOnlyCollection<StorageConfiguration> All => Snapshot.Values.ToList();

    /// <summary>The tokens, as a live view: always the current set (what a recording Target may name).</summary>
    public IReadOnlySet<string> Tokens { get; }

    /// <summary>Builds a catalog from <c>TOKEN=URI</c> strings.</summary>
    public static StorageCatalog FromBindings(IEnumerable<string> bindings)
        => new(bindings.Select(StorageUriParser.ParseBinding));

    /// <summary>Looks up a storage token.</summary>
    public bool TryGet(string token, out StorageConfiguration configuration)
        => Snapshot.TryGetValue(token, out configuration!);

    /// <summary>Adds or replaces the configuration of its token; recordings use it from their next segment.</summary>
    public void Set(StorageConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ImmutableInterlocked.Update(ref _byToken, d => d.SetItem(configuration.Token, configuration));
    }

    /// <summary>Removes a token (no-op when absent).</summary>
    public void Remove(string token) => ImmutableInterlocked.Update(ref _byToken, d => d.Remove(token));

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Snapshot.Values.Select(v => v.ToString()));

    private ImmutableDictionary<string, StorageConfiguration> Snapshot => Volatile.Read(ref _byToken);

    private sealed class LiveTokens(StorageCatalog catalog) : IReadOnlySet<string>
    {
        private IImmutableSet<string> Current => catalog.Snapshot.Keys.ToImmutableHashSet(StringComparer.Ordinal);

        public int Count => catalog.Snapshot.Count;

        public bool Contains(string item) => catalog.Snapshot.ContainsKey(item);

        public IEnumerator<string> GetEnumerator() => catalog.Snapshot.Keys.Order(StringComparer.Ordinal).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public bool IsProperSubsetOf(IEnumerable<string> other) => Current.IsProperSubsetOf(other);

        public bool IsProperSupersetOf(IEnumerable<string> other) => Current.IsProperSupersetOf(other);

        public bool IsSubsetOf(IEnumerable<string> other) => Current.IsSubsetOf(other);

        public bool IsSupersetOf(IEnumerable<string> other) => Current.IsSupersetOf(other);

        public bool Overlaps(IEnumerable<string> other) => Current.Overlaps(other);

        public bool SetEquals(IEnumerable<string> other) => Current.SetEquals(other);
    }
}
