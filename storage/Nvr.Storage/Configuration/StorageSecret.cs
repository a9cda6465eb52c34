namespace Nvr.Storage.Configuration;

/// <summary>
/// A credential that never prints itself: <see cref="ToString"/> gives <c>***</c> and there are no public
/// properties for a structured logger to walk. Only <see cref="Reveal"/> returns the value.
/// </summary>
public sealed class StorageSecret : IEquatable<StorageSecret>
{
    private readonly string _value;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public StorageSecret(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The secret in clear, for the client that needs it. Never log it.</summary>
    public string Reveal() => _value;

    /// <inheritdoc />
    public override string ToString() => "***";

    /// <inheritdoc />
    public bool Equals(StorageSecret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StorageSecret);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
