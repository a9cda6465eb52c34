using System.Xml;
using Nvr.Protocol.Soap;
using Model = Nvr.Control.Recordings.Model;
using Wire = Nvr.Protocol.Recording.Schema;

namespace Nvr.Protocol.Recording;

/// <summary>
/// Converts between the wire types of the recording service and the control-plane model. Values the wire cannot
/// carry in the model (bad durations, unknown track types) become BadConfiguration faults; encryption keys are
/// read from requests and never written to responses.
/// </summary>
public static class RecordingWireMapper
{
    public static Model.RecordingConfiguration ToModel(Wire.RecordingConfiguration wire)
    {
        var source = wire.Source ?? new Wire.RecordingSourceInformation();
        return new Model.RecordingConfiguration(
            new Model.RecordingSource(source.SourceId ?? string.Empty, source.Name ?? string.Empty, source.Location ?? string.Empty,
                source.Description ?? string.Empty, source.Address ?? string.Empty),
            wire.Content ?? string.Empty,
            Duration(wire.MaximumRetentionTime, "MaximumRetentionTime"),
            wire.Target is { } target ? ToModel(target) : null);
    }

    private static Model.RecordingTarget ToModel(Wire.RecordingTargetConfiguration wire) => new(
        wire.Storage ?? string.Empty,
        wire.Format ?? string.Empty,
        wire.Prefix,
        wire.Postfix,
        wire.SpanDuration is null ? null : Duration(wire.SpanDuration, "SpanDuration"),
        Duration(wire.SegmentDuration, "SegmentDuration"),
        wire.Encryption.Select(e => new Model.EncryptionEntry(e.Mode ?? string.Empty, e.KID ?? string.Empty, e.Key, e.Track.ToList())).ToList());

    /// <param name="now">The control plane's clock reading, for the remaining time of an active override.</param>
    public static Wire.RecordingConfiguration ToWire(Model.RecordingConfiguration model, DateTimeOffset now) => new()
    {
        Source = new Wire.RecordingSourceInformation
        {
            SourceId = model.Source.SourceId,
            Name = model.Source.Name,
            Location = model.Source.Location,
            Description = model.Source.Description,
            Address = model.Source.Address,
        },
        Content = model.Content,
        MaximumRetentionTime = XmlConvert.ToString(model.MaximumRetentionTime),
        Target = model.Target is { } target ? ToWire(target, now) : null,
    };

    private static Wire.RecordingTargetConfiguration ToWire(Model.RecordingTarget model, DateTimeOffset now) => new()
    {
        Storage = model.Storage,
        Format = model.Format,
        Prefix = model.Prefix,
        Postfix = model.Postfix,
        SpanDuration = model.SpanDuration is { } span ? XmlConvert.ToString(span) : null,
        SegmentDuration = XmlConvert.ToString(model.SegmentDuration),
        Encryption = model.Encryption.Select(e => new Wire.RecordingEncryption { Mode = e.Mode, KID = e.Kid, Track = e.Tracks.ToList() }).ToList(),
        SegmentDurationOverride = model.Override is { } active
            ? new Wire.SegmentDurationOverride
            {
                Duration = XmlConvert.ToString(active.Duration),
                Expiration = XmlConvert.ToString(Remaining(active, now)),
            }
            : null,
    };

    private static TimeSpan Remaining(Model.SegmentDurationOverride active, DateTimeOffset now)
    {
        var left = active.ExpiresAtUtc - now;
        return left < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds));
    }

    public static Model.TrackConfiguration ToModel(Wire.TrackConfiguration wire) =>
        new(TrackType(wire.TrackType), wire.Description ?? string.Empty);

    public static Wire.TrackConfiguration ToWire(Model.TrackConfiguration model) =>
        new() { TrackType = model.TrackType.ToString(), Description = model.Description };

    public static Model.TrackType TrackType(string? value) => value switch
    {
        "Video" => Model.TrackType.Video,
        "Audio" => Model.TrackType.Audio,
        "Metadata" => Model.TrackType.Metadata,
        _ => throw OnvifFaults.BadConfiguration($"TrackType '{value}' is invalid: it shall be Video, Audio or Metadata"),
    };

    /// <summary>Parses an xs:duration; an invalid value is a BadConfiguration fault (or the fault of <paramref name="subcode"/>).</summary>
    public static TimeSpan Duration(string? value, string field, string subcode = "BadConfiguration")
    {
        try
        {
            return XmlConvert.ToTimeSpan(value ?? string.Empty);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw OnvifFaults.InvalidArgVal(subcode, $"{field} '{value}' is not a valid xs:duration");
        }
    }
}
