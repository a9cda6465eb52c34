using System.Globalization;
using Akka.Cluster.Sharding;

namespace Nvr.Control.Cluster;

/// <summary>
/// Entity id = recording token; shard = a stable hash (FNV-1a over the token's UTF-16 code units, the same in every
/// process) modulo <see cref="ClusterOptions.ShardCount"/>. Sharding itself handles its own StartEntity (remember-entities).
/// </summary>
public sealed class RecordingMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        IRecordingEntityMessage m => m.Token,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardOf(id) : null;

    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    public static string ShardOf(string token)
    {
        var hash = 2166136261u;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % ClusterOptions.ShardCount).ToString(CultureInfo.InvariantCulture);
    }
}
