using System.Collections.Concurrent;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace Nvr.Control.Cluster;

/// <summary>
/// Writes the messages between nodes (<see cref="IClusterMessage"/>) as System.Text.Json, the serializer the
/// journal's events use, so every command, reply and plan that crosses nodes is made of the same records that are
/// persisted. The message inside a <see cref="ControlEnvelope"/> or <see cref="ControlReply"/> carries its type name;
/// only types of the appliance's own (Nvr.*) assemblies are read back. A <see cref="Status.Failure"/> reply crosses as
/// its message.
/// </summary>
public sealed class ClusterMessageSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4_202;
    private const string FailureType = "failure";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The events a <see cref="RelayedEvent"/> carries: only what their constructors and setters take (an event's
    /// computed items, e.g. its ElementItems, are derived again on the receiving node).
    /// </summary>
    private static readonly JsonSerializerOptions EventJson = new(Json)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutComputedProperties } },
    };

    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public ClusterMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => NameOf(o.GetType());

    public override byte[] ToBinary(object obj) => obj switch
    {
        ControlEnvelope e => JsonSerializer.SerializeToUtf8Bytes(new Wire(e.Part, e.Reply, TypeOf(e.Message), Element(e.Message)), Json),
        ControlReply r => JsonSerializer.SerializeToUtf8Bytes(new Wire(string.Empty, false, TypeOf(r.Message), Element(r.Message)), Json),
        RelayedEvent r => JsonSerializer.SerializeToUtf8Bytes(
            new Wire(r.Origin, false, NameOf(r.Event.GetType()), JsonSerializer.SerializeToElement(r.Event, r.Event.GetType(), EventJson)), Json),
        _ => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = Resolve(manifest);
        if (type == typeof(ControlEnvelope) || type == typeof(ControlReply))
        {
            var wire = JsonSerializer.Deserialize<Wire>(bytes, Json) ?? throw new SerializationException("empty cluster envelope");
            var message = wire.Type == FailureType
                ? new Status.Failure(new InvalidOperationException(wire.Message.GetString()))
                : wire.Message.Deserialize(Resolve(wire.Type), Json) ?? throw new SerializationException($"empty {wire.Type}");
            return type == typeof(ControlEnvelope) ? new ControlEnvelope(wire.Part, message, wire.Reply) : new ControlReply(message);
        }

        if (type == typeof(RelayedEvent))
        {
            var wire = JsonSerializer.Deserialize<Wire>(bytes, Json) ?? throw new SerializationException("empty relayed event");
            return new RelayedEvent(wire.Part, wire.Message.Deserialize(Resolve(wire.Type), EventJson) ?? throw new SerializationException($"empty {wire.Type}"));
        }

        return JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"empty {manifest}");
    }

    private static string TypeOf(object message) => message is Status.Failure ? FailureType : NameOf(message.GetType());

    private static JsonElement Element(object message) => message is Status.Failure failure
        ? JsonSerializer.SerializeToElement(failure.Cause?.Message ?? "failed", Json)
        : JsonSerializer.SerializeToElement(message, message.GetType(), Json);

    private static void WithoutComputedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i] is { Set: null, AssociatedParameter: null })
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static Type Resolve(string name) => Types.GetOrAdd(name, n =>
    {
        var type = Type.GetType(n, throwOnError: false) ?? throw new SerializationException($"unknown message type {n}");
        var assembly = type.Assembly.GetName().Name ?? string.Empty;
        return assembly.StartsWith("Nvr.", StringComparison.Ordinal) || (type.IsGenericType && type.GetGenericArguments().All(a => a.Assembly.GetName().Name?.StartsWith("Nvr.", StringComparison.Ordinal) == true))
            ? type
            : throw new SerializationException($"message type {n} is not the appliance's own");
    });

    /// <summary>An envelope, a reply or a relayed event (then <see cref="Part"/> is the raising node) with its message's type name.</summary>
    private sealed record Wire(string Part, bool Reply, string Type, JsonElement Message);
}
