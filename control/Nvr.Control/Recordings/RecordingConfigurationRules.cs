using System.Globalization;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// Validates and normalizes a recording configuration (seed 5.3.1, Annex B): descriptive strings are truncated,
/// the Target must name a known storage and format, encryption entries need a 16-byte key and a 16-byte KID in hex
/// and cover distinct tracks. An entry given without Key keeps the key stored for the same KID (Key is write-only,
/// so a client's Get-modify-Set round trip cannot repeat it); a KID keeps its key for good (a new key needs a new KID).
/// </summary>
public static class RecordingConfigurationRules
{
    private const int NameLength = 64;
    private const int MaxKeyPart = 256;

    public static string? Validate(
        RecordingConfiguration configuration,
        IReadOnlyCollection<string> trackTokens,
        RecordingConfiguration? previous,
        ControlLimits limits,
        out RecordingConfiguration normalized)
    {
        normalized = configuration;
        if (configuration.MaximumRetentionTime < TimeSpan.Zero)
        {
            return "MaximumRetentionTime must not be negative";
        }

        var source = configuration.Source;
        var max = limits.MaxDescriptionLength;
        normalized = configuration with
        {
            Content = Truncate(configuration.Content, max),
            Source = source with
            {
                Name = Truncate(source.Name, NameLength),
                Location = Truncate(source.Location, max),
                Description = Truncate(source.Description, max),
            },
        };

        if (configuration.Target is not { } target)
        {
            return null;
        }

        var error = ValidateTarget(target, trackTokens, previous?.Target, limits, out var normalizedTarget);
        normalized = normalized with { Target = normalizedTarget };
        return error;
    }

    private static string? ValidateTarget(
        RecordingTarget target, IReadOnlyCollection<string> trackTokens, RecordingTarget? previous, ControlLimits limits,
        out RecordingTarget normalized)
    {
        normalized = target with { Override = null };
        if (!limits.StorageTokens.Contains(target.Storage))
        {
            return $"Target Storage '{target.Storage}' is not a storage configuration of this device (known: {string.Join(", ", limits.StorageTokens)})";
        }

        if (!limits.TargetFormats.Contains(target.Format))
        {
            return $"Target Format '{target.Format}' is not supported (supported: {string.Join(", ", limits.TargetFormats)})";
        }

        if (target.SegmentDuration <= TimeSpan.Zero || target.SegmentDuration > TimeSpan.FromDays(1))
        {
            return "Target SegmentDuration must be positive and at most one day";
        }

        if (target.SpanDuration is { } span && span <= TimeSpan.Zero)
        {
            return "Target SpanDuration must be positive";
        }

        if ((KeyPartError(target.Prefix, "Prefix") ?? KeyPartError(target.Postfix, "Postfix")) is { } keyError)
        {
            return keyError;
        }

        if (target.Encryption.Count > limits.EncryptionEntryLimit)
        {
            return $"at most {limits.EncryptionEntryLimit} Encryption entries are supported";
        }

        var entries = new List<EncryptionEntry>(target.Encryption.Count);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in target.Encryption)
        {
            if (EntryError(entry, trackTokens, covered, target.Encryption.Count, limits) is { } entryError)
            {
                return entryError;
            }

            var stored = previous?.Encryption.FirstOrDefault(p => p.Kid.Equals(entry.Kid, StringComparison.OrdinalIgnoreCase))?.Key;
            if (entry.Key is { } given && stored is not null && !given.AsSpan().SequenceEqual(stored))
            {
                return $"KID {entry.Kid} already has another Key: segments written with it could no longer be decrypted; a new Key needs a new KID";
            }

            var key = entry.Key ?? stored;
            if (key is null)
            {
                return $"Encryption entry with KID {entry.Kid} has no Key";
            }

            entries.Add(entry with { Key = key, Kid = entry.Kid.ToLowerInvariant() });
        }

        normalized = normalized with { Encryption = entries };
        return null;
    }

    private static string? EntryError(EncryptionEntry entry, IReadOnlyCollection<string> trackTokens, HashSet<string> covered, int entryCount, ControlLimits limits)
    {
        if (!limits.EncryptionModes.Contains(entry.Mode))
        {
            return $"Encryption Mode '{entry.Mode}' is not supported (supported: {string.Join(", ", limits.EncryptionModes)})";
        }

        if (entry.Kid.Length != 32 || !entry.Kid.All(char.IsAsciiHexDigit))
        {
            return $"Encryption KID '{entry.Kid}' must be 16 bytes written as 32 hexadecimal digits";
        }

        if (entry.Key is { Length: not 16 })
        {
            return $"Encryption Key of KID {entry.Kid} must be 16 bytes (AES-128), got {entry.Key.Length.ToString(CultureInfo.InvariantCulture)}";
        }

        if (entry.Tracks.Count == 0 && entryCount > 1)
        {
            return "an Encryption entry without Track elements covers all tracks, so it must be the only entry";
        }

        foreach (var track in entry.Tracks)
        {
            if (!trackTokens.Contains(track))
            {
                return $"Encryption entry names track '{track}', which is not a track of the recording";
            }

            if (!covered.Add(track))
            {
                return $"track '{track}' is covered by more than one Encryption entry";
            }
        }

        return null;
    }

    private static string? KeyPartError(string? part, string name)
    {
        if (part is null)
        {
            return null;
        }

        if (part.Length == 0 || part.Length > MaxKeyPart || part.StartsWith('/') || part.EndsWith('/') || part.Contains("//", StringComparison.Ordinal)
            || part.Any(c => char.IsControl(c) || c == '\\') || part.Split('/').Any(p => p is "." or ".."))
        {
            return $"Target {name} '{part}' is not a valid object key path (1-{MaxKeyPart} characters, '/'-separated non-empty parts, no '.' or '..')";
        }

        return null;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
