using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Nvr.Control.Persistence;
using Nvr.Control.Storage;

namespace Nvr.Control.Tests;

/// <summary>
/// Events that hold secrets are sealed in the journal under the system's key: the bytes hold no secret, they read
/// back, they do not open under another manifest or another key, and events journaled in clear before still read.
/// </summary>
public sealed class JournalSealingTests : SqliteTestKit
{
    private static readonly StorageConfigurationSaved Saved = new(new StoredStorage("s3", "ObjectStorageS3", null, "http://127.0.0.1:9/b", "access", "Secret-Canary-7", "us-east-1"));

    [Fact]
    public void A_storage_secret_is_sealed_reads_back_and_clear_events_of_before_still_read()
    {
        var serializer = new ControlEventSerializer((ExtendedActorSystem)Sys);
        var manifest = serializer.Manifest(Saved);
        var clear = serializer.ToBinary(Saved); // no key yet: clear, as journals written before sealing
        Assert.Contains("Secret-Canary-7", Encoding.UTF8.GetString(clear), StringComparison.Ordinal);

        JournalSealing.Get(Sys).Use(RandomNumberGenerator.GetBytes(32));
        var sealedBytes = serializer.ToBinary(Saved);
        Assert.True(JournalSealing.IsSealed(sealedBytes));
        Assert.DoesNotContain("Secret-Canary-7", Encoding.Latin1.GetString(sealedBytes), StringComparison.Ordinal);
        Assert.Equal(Saved, serializer.FromBinary(sealedBytes, manifest));
        Assert.Equal(Saved, serializer.FromBinary(clear, manifest));

        // Bound to its manifest: the same bytes do not read as another event.
        Assert.Throws<SerializationException>(() => serializer.FromBinary(sealedBytes, "recording-configured.v1"));

        // Events without secrets stay clear JSON.
        var deleted = new StorageConfigurationDeleted("s3");
        Assert.False(JournalSealing.IsSealed(serializer.ToBinary(deleted)));
    }

    [Fact]
    public void A_sealed_event_does_not_open_with_another_key_or_without_one_and_says_why()
    {
        JournalSealing.Get(Sys).Use(RandomNumberGenerator.GetBytes(32));
        var serializer = new ControlEventSerializer((ExtendedActorSystem)Sys);
        var sealedBytes = serializer.ToBinary(Saved);
        var manifest = serializer.Manifest(Saved);

        using var keyless = ActorSystem.Create("keyless", ControlSystemConfig.Build(PersistenceOptions.Sqlite(ControlFixtures.TempDatabase())));
        var noKey = Assert.Throws<SerializationException>(() => new ControlEventSerializer((ExtendedActorSystem)keyless).FromBinary(sealedBytes, manifest));
        Assert.Contains("user-key", noKey.Message, StringComparison.Ordinal);

        using var other = ActorSystem.Create("other-key", ControlSystemConfig.Build(PersistenceOptions.Sqlite(ControlFixtures.TempDatabase())));
        JournalSealing.Get(other).Use(RandomNumberGenerator.GetBytes(32));
        var wrongKey = Assert.Throws<SerializationException>(() => new ControlEventSerializer((ExtendedActorSystem)other).FromBinary(sealedBytes, manifest));
        Assert.Contains("another user-key", wrongKey.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => JournalSealing.Get(other).Use(RandomNumberGenerator.GetBytes(32)));
    }
}
