using Nvr.Storage.Sinks;

namespace Nvr.Recording.Tests.Support;

public sealed record StoredObject(SegmentMetadata Metadata, byte[] Data, TimeSpan? FinalDuration);
