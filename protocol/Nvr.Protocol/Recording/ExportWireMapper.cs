using Nvr.Control.Exports;
using Nvr.Control.Search;
using Nvr.Protocol.Recording.Messages;
using Nvr.Protocol.Search;
using Nvr.Protocol.Soap;
using Wire = Nvr.Protocol.Recording.Schema;

namespace Nvr.Protocol.Recording;

/// <summary>ExportRecordedData (seed 5.21–5.23) between the wire and the control plane.</summary>
public static class ExportWireMapper
{
    /// <summary>The export file formats this device writes (capability SupportedExportFileFormats).</summary>
    public static readonly IReadOnlyList<string> SupportedFormats = ["MP4"];

    /// <summary>
    /// The control-plane command of a request; <c>ter:InvalidArgVal/ter:BadConfiguration</c> for a format that is not
    /// advertised (5.21) or a missing destination. The scope's RecordingInformationFilter is applied by
    /// <see cref="FilterAsync"/>.
    /// </summary>
    public static StartExport ToCommand(ExportRecordedDataRequest request)
    {
        var format = request.FileFormat?.Trim() ?? string.Empty;
        if (!SupportedFormats.Contains(format, StringComparer.Ordinal))
        {
            throw OnvifFaults.BadConfiguration($"export file format '{format}' is not supported; supported: {string.Join(' ', SupportedFormats)}");
        }

        var scope = request.SearchScope ?? throw OnvifFaults.InvalidArgs("SearchScope is missing");

        var destination = request.StorageDestination ?? throw OnvifFaults.InvalidArgs("StorageDestination is missing");
        DateTimeOffset? start = request.StartPoint is { } s ? Utc(s) : null;
        DateTimeOffset? end = request.EndPoint is { } e ? Utc(e) : null;
        if (start is not null && end is not null && end < start)
        {
            throw OnvifFaults.BadConfiguration($"EndPoint {end:O} is before StartPoint {start:O}");
        }

        return new StartExport(
            scope.IncludedRecordings.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            scope.IncludedSources.Select(r => r.Token.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            start,
            end,
            destination.StorageToken.Trim(),
            destination.RelativePath);
    }

    /// <summary>
    /// Narrows <paramref name="command"/> to the recordings whose tt:RecordingInformation the scope's
    /// RecordingInformationFilter (the Search service's XPath dialect) selects; a filter that does not compile is
    /// BadConfiguration, the one fault 5.21 names.
    /// </summary>
    public static async Task<StartExport> FilterAsync(StartExport command, ExportRecordedDataRequest request, RecordingCatalog catalog)
    {
        if (request.SearchScope?.RecordingInformationFilter is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return command;
        }

        RecordingInformationFilter filter;
        try
        {
            filter = RecordingInformationFilter.Compile(text);
        }
        catch (OnvifFaultException e)
        {
            throw OnvifFaults.BadConfiguration(e.Message);
        }

        var all = await catalog.GetAllAsync();
        return command with { FilteredRecordings = all.Where(filter.Matches).Select(r => r.RecordingToken).ToHashSet(StringComparer.Ordinal) };
    }

    public static Wire.ArrayOfFileProgress ToWire(IReadOnlyList<ExportFileProgress> files) => new()
    {
        FileProgress = files.Select(f => new Wire.FileProgress { FileName = f.FileName, Progress = (float)f.Progress }).ToList(),
    };

    private static DateTimeOffset Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(time, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
