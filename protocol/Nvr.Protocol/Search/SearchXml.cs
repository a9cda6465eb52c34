using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Model;
using Nvr.Control.Search;
using Nvr.Protocol.Events;
using Nvr.Protocol.Soap;
using Nvr.Storage.Index;

namespace Nvr.Protocol.Search;

/// <summary>Writes the search service's wire structures (tt:RecordingInformation, tt:FindEventResult, ...) as XElement.</summary>
public static class SearchXml
{
    public static readonly XNamespace Tse = OnvifNamespaces.Search;
    public static readonly XNamespace Tt = OnvifNamespaces.Schema;

    /// <summary>tt:RecordingInformation named <paramref name="name"/> (the response's or result list's element name).</summary>
    public static XElement Information(XName name, RecordingInformation information) => new(
        name,
        new XElement(Tt + "RecordingToken", information.RecordingToken),
        new XElement(
            Tt + "Source",
            new XElement(Tt + "SourceId", information.Source.SourceId),
            new XElement(Tt + "Name", information.Source.Name),
            new XElement(Tt + "Location", information.Source.Location),
            new XElement(Tt + "Description", information.Source.Description),
            new XElement(Tt + "Address", information.Source.Address)),
        information.EarliestRecording is { } earliest ? new XElement(Tt + "EarliestRecording", EventXml.Utc(earliest)) : null,
        information.LatestRecording is { } latest ? new XElement(Tt + "LatestRecording", EventXml.Utc(latest)) : null,
        new XElement(Tt + "Content", information.Content),
        information.Tracks.Select(t => Track(Tt + "Track", t)),
        new XElement(Tt + "RecordingStatus", information.RecordingStatus));

    public static XElement Track(XName name, TrackInformation track) => new(
        name,
        new XElement(Tt + "TrackToken", track.TrackToken),
        new XElement(Tt + "TrackType", track.TrackType.ToString()),
        new XElement(Tt + "Description", track.Description),
        new XElement(Tt + "DataFrom", EventXml.Utc(track.DataFrom)),
        new XElement(Tt + "DataTo", EventXml.Utc(track.DataTo)));

    public static XElement Summary(RecordingSummary summary) => new(
        Tse + "Summary",
        new XElement(Tt + "DataFrom", EventXml.Utc(summary.DataFrom)),
        new XElement(Tt + "DataUntil", EventXml.Utc(summary.DataUntil)),
        new XElement(Tt + "NumberRecordings", summary.NumberRecordings));

    /// <summary>
    /// tt:FindEventResult; start-state events carry PropertyOperation Initialized, the derived history the others
    /// Changed, a recorded camera event the operation the camera sent (none for a momentary event).
    /// </summary>
    public static XElement EventResult(FoundEvent found, DateTimeOffset now) => new(
        Tt + "Result",
        new XElement(Tt + "RecordingToken", found.RecordingToken),
        new XElement(Tt + "TrackToken", found.TrackToken),
        new XElement(Tt + "Time", EventXml.Utc(found.Time)),
        Rename(NotificationMessageWriter.Write(found.Event, found.StartStateEvent ? "Initialized" : found.Event is DeviceEvent camera ? camera.PropertyOperation : "Changed", now), Tt + "Event"),
        new XElement(Tt + "StartStateEvent", found.StartStateEvent ? "true" : "false"));

    /// <summary>
    /// tt:MediaAttributes of a recording at <paramref name="time"/>: the tracks holding data there, each with the
    /// codec parameters in force at that time (tt:VideoAttributes / tt:AudioAttributes; left out where the index
    /// holds none for the track). From = Until = the requested time, as the spec allows for a non-blocking answer.
    /// </summary>
    public static XElement MediaAttributes(string recording, IEnumerable<(TrackInformation Track, TrackParameters? Parameters)> tracks, DateTimeOffset time) => new(
        Tse + "MediaAttributes",
        new XElement(Tt + "RecordingToken", recording),
        tracks.Select(t => new XElement(Tt + "TrackAttributes", Track(Tt + "TrackInformation", t.Track), CodecAttributes(t.Track.TrackType, t.Parameters))),
        new XElement(Tt + "From", EventXml.Utc(time)),
        new XElement(Tt + "Until", EventXml.Utc(time)));

    /// <summary>
    /// tt:VideoAttributes (Width, Height, Encoding, Framerate) of a video track, tt:AudioAttributes (Bitrate when the
    /// codec fixes it, Encoding, Samplerate in kHz) of an audio track; null for other tracks or when a required value
    /// is unknown. Encoding is an xs:string: tt:VideoEncodingMimeNames for video (H264, H265: ver10's
    /// tt:VideoEncoding enumerates no H.265), tt:AudioEncoding for G.711 (µ-law and A-law) and AAC, as the schema's
    /// documentation of the element asks.
    /// </summary>
    public static XElement? CodecAttributes(TrackType type, TrackParameters? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        switch (type)
        {
            case TrackType.Video when VideoEncoding(parameters.Codec) is { } encoding && parameters is { Width: { } width, Height: { } height, FrameRate: { } rate }:
                return new XElement(
                    Tt + "VideoAttributes",
                    new XElement(Tt + "Width", width),
                    new XElement(Tt + "Height", height),
                    new XElement(Tt + "Encoding", encoding),
                    new XElement(Tt + "Framerate", XmlConvert.ToString((float)rate)));
            case TrackType.Audio when AudioEncoding(parameters.Codec) is { } encoding && parameters.SampleRate is { } sampleRate:
                return new XElement(
                    Tt + "AudioAttributes",
                    parameters.BitrateKbps is { } bitrate ? new XElement(Tt + "Bitrate", bitrate) : null,
                    new XElement(Tt + "Encoding", encoding),
                    new XElement(Tt + "Samplerate", (int)Math.Round(sampleRate / 1000.0)));
            default:
                return null;
        }
    }

    private static string? VideoEncoding(string codec) => codec switch
    {
        TrackCodecs.H264 => "H264",
        TrackCodecs.H265 => "H265",
        _ => null,
    };

    private static string? AudioEncoding(string codec) => codec switch
    {
        TrackCodecs.Pcmu or TrackCodecs.Pcma => "G711",
        TrackCodecs.Aac => "AAC",
        _ => null,
    };

    public static string State(SearchState state) => state == SearchState.Completed ? "Completed" : "Searching";

    private static XElement Rename(XElement holder, XName name) => new(name, holder.Attributes(), holder.Nodes());
}
