namespace Nvr.Storage.Configuration;

/// <summary>
/// The storage configurations by token, from the appliance configuration and repeated
/// <c>--storage TOKEN=URI</c> options (a later definition of a token replaces an earlier one).
/// </summary>
public sealed class StorageCatalog
{
    private readonly Dictionary<string, StorageConfiguration> _byToken;

    /// <summary>Builds the catalog from <paramref name="configurations"/>.</summary>
    public StorageCatalog(IEnumerable<StorageConfiguration> configurations)
    {
        _byToken = new Dictionary<string, StorageConfiguration>(StringComparer.Ordinal);
        foreach (var configuration in configurations)
        {
            _byToken[configuration.Token] = configuration;
        }
    }

    /// <summary>All configurations.</summary>
    public IReadOnlyCollection<StorageConfiguration> All => _byToken.Values;

    /// <summary>Builds a catalog from <c>TOKEN=URI</c> strings.</summary>
    public static StorageCatalog FromBindings(IEnumerable<string> bindings)
        => new(bindings.Select(StorageUriParser.ParseBinding));

    /// <summary>Looks up a storage token.</summary>
    public bool TryGet(string token, out StorageConfiguration configuration)
        => _byToken.TryGetValue(token, out configuration!);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _byToken.Values.Select(v => v.ToString()));
}
