using System.Xml;
using Model = Nvr.Control.Recordings.Model;
using Wire = Nvr.Protocol.Recording.Schema;

namespace Nvr.Protocol.Recording;

/// <summary>Converts recording job configurations and states between the wire and the control-plane model.</summary>
public static class RecordingJobWireMapper
{
    public static Model.RecordingJobConfiguration ToModel(Wire.RecordingJobConfiguration wire) => new(
        wire.RecordingToken ?? string.Empty,
        wire.Mode ?? string.Empty,
        wire.Priority,
        wire.Source.Select(s => new Model.RecordingJobSource(
            s.SourceToken is { } token ? new Model.SourceReference(token.Token ?? string.Empty, token.Type ?? Model.SourceReference.ReceiverType) : null,
            s.AutoCreateReceiverSpecified ? s.AutoCreateReceiver : null,
            s.Tracks.Select(t => new Model.RecordingJobTrack(t.SourceTag ?? string.Empty, t.Destination ?? string.Empty)).ToList())).ToList(),
        wire.EventFilter is { } filter
            ? new Model.RecordingEventFilter(
                filter.Filter.Select(f => new Model.EventFilterEntry(f.Topic ?? string.Empty, f.Source)).ToList(),
                filter.Before is null ? null : RecordingWireMapper.Duration(filter.Before, "Before"),
                filter.After is null ? null : RecordingWireMapper.Duration(filter.After, "After"))
            : null,
        string.IsNullOrEmpty(wire.ScheduleToken) ? null : wire.ScheduleToken);

    /// <summary>The configuration as reported by the device: AutoCreateReceiver is never reported (seed 5.3.3).</summary>
    public static Wire.RecordingJobConfiguration ToWire(Model.RecordingJobConfiguration model) => new()
    {
        RecordingToken = model.RecordingToken,
        Mode = model.Mode,
        Priority = model.Priority,
        Source = model.Sources.Select(s => new Wire.RecordingJobSource
        {
            SourceToken = s.SourceToken is { } token ? new Wire.SourceReference { Token = token.Token, Type = token.Type } : null,
            Tracks = s.Tracks.Select(t => new Wire.RecordingJobTrack { SourceTag = t.SourceTag, Destination = t.Destination }).ToList(),
        }).ToList(),
        EventFilter = model.EventFilter is { } filter
            ? new Wire.RecordingEventFilter
            {
                Filter = filter.Filters.Select(f => new Wire.RecordingEventFilterEntry { Topic = f.Topic, Source = f.Source }).ToList(),
                Before = filter.Before is { } before ? XmlConvert.ToString(before) : null,
                After = filter.After is { } after ? XmlConvert.ToString(after) : null,
            }
            : null,
        ScheduleToken = model.ScheduleToken,
    };

    public static Wire.RecordingJobStateInformation ToWire(Model.JobStateInformation model) => new()
    {
        RecordingToken = model.RecordingToken,
        State = model.State,
        Sources = model.Sources.Select(s => new Wire.RecordingJobStateSource
        {
            SourceToken = new Wire.SourceReference { Token = s.SourceToken.Token, Type = s.SourceToken.Type },
            State = s.State,
            Tracks = new Wire.RecordingJobStateTracks
            {
                Track = s.Tracks.Select(t => new Wire.RecordingJobStateTrack
                {
                    SourceTag = t.SourceTag,
                    Destination = t.Destination,
                    Error = t.Error,
                    State = t.State,
                }).ToList(),
            },
        }).ToList(),
    };
}
