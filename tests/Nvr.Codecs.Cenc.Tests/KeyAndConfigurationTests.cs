using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>ONVIF B.8 configuration semantics: KID/Key lengths, modes, which entry covers which track.</summary>
[Trait("Category", "Unit")]
public sealed class KeyAndConfigurationTests
{
    private static readonly byte[] Key = new byte[16];

    [Theory]
    [InlineData("abba271e8bcf552bbd2e86a434a9a5d9")]
    [InlineData("ABBA271E-8BCF-552B-BD2E-86A434A9A5D9")]
    public void KID_parses_from_32_hex_digits(string hex) =>
        Assert.Equal("abba271e8bcf552bbd2e86a434a9a5d9", KeyId.Parse(hex).ToString());

    [Theory]
    [InlineData("abba271e8bcf552bbd2e86a434a9a5")]
    [InlineData("abba271e8bcf552bbd2e86a434a9a5d900")]
    [InlineData("zzba271e8bcf552bbd2e86a434a9a5d9")]
    [InlineData("")]
    public void Invalid_KID_is_a_configuration_error(string hex) =>
        Assert.Throws<InvalidEncryptionConfigurationException>(() => KeyId.Parse(hex));

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(24)]
    [InlineData(32)]
    public void Key_that_is_not_16_bytes_is_a_configuration_error(int length)
    {
        var e = Assert.Throws<InvalidEncryptionConfigurationException>(() => ContentKey.Create("abba271e8bcf552bbd2e86a434a9a5d9", new byte[length]));
        Assert.Contains("16 bytes", e.Message);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }

    [Fact]
    public void Key_bytes_never_show_in_ToString()
    {
        var key = ContentKey.Parse("abba271e8bcf552bbd2e86a434a9a5d9", "69eaa802a6763af979e8d1940fb88392");
        Assert.DoesNotContain("69eaa802", key.ToString());
        Assert.DoesNotContain("69eaa802", new EncryptionEntry(EncryptionScheme.Cenc, key, []).ToString());
    }

    [Fact]
    public void Modes_are_CENC_and_CBCS_anything_else_is_a_configuration_error()
    {
        Assert.Equal(["CENC", "CBCS"], EncryptionModes.Supported);
        Assert.Equal(EncryptionScheme.Cbcs, EncryptionModes.Parse("cbcs"));
        Assert.Throws<InvalidEncryptionConfigurationException>(() => EncryptionModes.Parse("CBC1"));
    }

    [Fact]
    public void Entry_without_tracks_covers_every_track()
    {
        var config = EncryptionConfiguration.Create([EncryptionEntry.FromOnvif("CENC", "00112233445566778899aabbccddeeff", Key, [])]);
        Assert.NotNull(config.Resolve("VIDEO001"));
        Assert.NotNull(config.Resolve("AUDIO001"));
    }

    [Fact]
    public void Entries_with_tracks_cover_only_those_and_others_stay_clear()
    {
        var v = EncryptionEntry.FromOnvif("CENC", "00112233445566778899aabbccddeeff", Key, ["VIDEO001"]);
        var a = EncryptionEntry.FromOnvif("CBCS", "abba271e8bcf552bbd2e86a434a9a5d9", Key, ["AUDIO001"]);
        var config = EncryptionConfiguration.Create([v, a]);
        Assert.Same(v, config.Resolve("VIDEO001"));
        Assert.Same(a, config.Resolve("AUDIO001"));
        Assert.Null(config.Resolve("META001"));
        Assert.Null(config.CreateProtector("META001", MediaCodec.OnvifMetadata));
        using CencTrackProtector? p = config.CreateProtector("AUDIO001", MediaCodec.Aac);
        Assert.Equal(EncryptionScheme.Cbcs, p!.Scheme);
    }

    [Fact]
    public void Two_entries_covering_the_same_track_are_rejected()
    {
        var v1 = EncryptionEntry.FromOnvif("CENC", "00112233445566778899aabbccddeeff", Key, ["VIDEO001"]);
        var v2 = EncryptionEntry.FromOnvif("CBCS", "abba271e8bcf552bbd2e86a434a9a5d9", Key, ["VIDEO001", "AUDIO001"]);
        var all = EncryptionEntry.FromOnvif("CBCS", "abba271e8bcf552bbd2e86a434a9a5d9", Key, []);
        Assert.Throws<InvalidEncryptionConfigurationException>(() => EncryptionConfiguration.Create([v1, v2]));
        Assert.Throws<InvalidEncryptionConfigurationException>(() => EncryptionConfiguration.Create([v1, all]));
    }

    [Fact]
    public void More_entries_than_the_limit_are_rejected()
    {
        var entries = Enumerable.Range(0, EncryptionConfiguration.EntryLimit + 1)
            .Select(i => EncryptionEntry.FromOnvif("CENC", "00112233445566778899aabbccddeeff", Key, [$"T{i}"]))
            .ToList();
        Assert.Throws<InvalidEncryptionConfigurationException>(() => EncryptionConfiguration.Create(entries));
        Assert.Equal(EncryptionConfiguration.EntryLimit, EncryptionConfiguration.Create(entries.Take(EncryptionConfiguration.EntryLimit).ToList()).Entries.Count);
    }
}
