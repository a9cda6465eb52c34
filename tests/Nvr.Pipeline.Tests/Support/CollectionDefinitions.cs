namespace Nvr.Pipeline.Tests.Support;

/// <summary>Tests sharing one GStreamer RTSP server.</summary>
[CollectionDefinition(Name)]
public sealed class GStreamerCollection : ICollectionFixture<GStreamerServerFixture>
{
    public const string Name = "gstreamer";
}
