namespace Nvr.Recording.Tests.Support;

/// <summary>Tests sharing one RTSP server (and the generated media).</summary>
[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<MediaFixture>
{
    public const string Name = "media";
}
