using System.Globalization;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;

namespace Nvr.Control.Cluster;

/// <summary>
/// The HOCON that turns the control plane's actor system into a cluster node: remoting on the node's endpoint, the
/// seeds, the split-brain resolver (keep-majority) with <see cref="ClusterTimings"/>, and sharding with remembered
/// entities and coordinator state in the shared journal (no passivation of idle recordings).
/// </summary>
public static class ClusterConfig
{
    public static Config Build(ClusterOptions options, string systemName)
    {
        var t = options.Timings;
        var seeds = string.Join(", ", options.Seeds.Select(s =>
        {
            var (host, port) = ClusterOptions.ParseSeed(s);
            return $"\"akka.tcp://{systemName}@{host}:{port.ToString(CultureInfo.InvariantCulture)}\"";
        }));
        var hocon = $$"""
            akka {
              actor {
                provider = cluster
                serializers { nvr-cluster = "Nvr.Control.Cluster.ClusterMessageSerializer, Nvr.Control" }
                serialization-bindings { "Nvr.Control.Cluster.IClusterMessage, Nvr.Control" = nvr-cluster }
              }
              remote {
                dot-netty.tcp { hostname = "{{options.Host}}", port = {{options.Port.ToString(CultureInfo.InvariantCulture)}} }
              }
              cluster {
                seed-nodes = [{{seeds}}]
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{Ms(t.StableAfter)}}
                  down-all-when-unstable = on
                }
                down-removal-margin = {{Ms(t.DownRemovalMargin)}}
                run-coordinated-shutdown-when-down = on
                failure-detector {
                  heartbeat-interval = {{Ms(t.HeartbeatInterval)}}
                  acceptable-heartbeat-pause = {{Ms(t.AcceptableHeartbeatPause)}}
                  threshold = 8.0
                }
                sharding {
                  state-store-mode = persistence
                  remember-entities = on
                  remember-entities-store = eventsourced
                  passivate-idle-entity-after = off
                  entity-restart-backoff = 1s
                  retry-interval = 1s
                  coordinator-failure-backoff = 2s
                  shard-start-timeout = 5s
                  rebalance-interval = 10s
                }
                singleton.hand-over-retry-interval = 1s
                singleton-proxy.singleton-identification-interval = 1s
              }
              coordinated-shutdown.phases.before-service-unbind.timeout = {{Ms(t.StopRecordingsTimeout + TimeSpan.FromSeconds(1))}}
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.DefaultConfig());
    }

    private static string Ms(TimeSpan span) => $"{((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";
}
