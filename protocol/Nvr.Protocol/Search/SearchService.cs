using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Notifications;
using Nvr.Control.Search;
using Nvr.Protocol.Events;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Search;

/// <summary>
/// The ONVIF recording search service (search.wsdl) on /onvif/search_service, written over XElement: recording
/// information and summary from the <see cref="RecordingCatalog"/> (control plane + recorded-range index), search
/// sessions owned by <see cref="SearchSessions"/>, recording history events derived by
/// <see cref="RecordingHistorySearch"/>. FindPTZPosition and FindMetadata are not supported (no PTZ or metadata
/// search: MetadataSearch false, no metadata track CanContainPTZ).
/// </summary>
public sealed class SearchService
{
    /// <summary>The Recording Search specification's version (search.wsdl of release 25.06).</summary>
    public const string Version = "22.06";

    private static readonly XNamespace Tse = SearchXml.Tse;
    private readonly RecordingCatalog _catalog;
    private readonly SearchSessions _sessions;

    public SearchService(RecordingCatalog catalog, SearchSessions sessions)
    {
        _catalog = catalog;
        _sessions = sessions;
    }

    public static XElement CapabilitiesOf() => new(Tse + "Capabilities", new XAttribute("MetadataSearch", false), new XAttribute("GeneralStartEvents", false));

    private DateTimeOffset Now => _sessions.Time.GetUtcNow();

    public async Task<XElement> HandleAsync(XElement request, CancellationToken cancellationToken) => request.Name.LocalName switch
    {
        "GetServiceCapabilities" => new XElement(Tse + "GetServiceCapabilitiesResponse", CapabilitiesOf()),
        "GetRecordingSummary" => new XElement(Tse + "GetRecordingSummaryResponse", SearchXml.Summary(await _catalog.GetSummaryAsync(cancellationToken))),
        "GetRecordingInformation" => await GetRecordingInformationAsync(request, cancellationToken),
        "GetMediaAttributes" => await GetMediaAttributesAsync(request, cancellationToken),
        "FindRecordings" => await FindRecordingsAsync(request, cancellationToken),
        "GetRecordingSearchResults" => await GetRecordingSearchResultsAsync(request, cancellationToken),
        "FindEvents" => await FindEventsAsync(request, cancellationToken),
        "GetEventSearchResults" => await GetEventSearchResultsAsync(request, cancellationToken),
        "GetSearchState" => new XElement(Tse + "GetSearchStateResponse",
            new XElement(Tse + "State", SearchXml.State(_sessions.GetState(SearchToken(request)) ?? throw InvalidSearchToken(request)))),
        "EndSearch" => new XElement(Tse + "EndSearchResponse",
            new XElement(Tse + "Endpoint", EventXml.Utc(_sessions.End(SearchToken(request)) ?? throw InvalidSearchToken(request)))),
        "FindPTZPosition" or "FindMetadata" => throw OnvifFaults.NotImplemented($"{request.Name.LocalName} is not supported (no PTZ or metadata search on this device)"),
        "GetPTZPositionSearchResults" or "GetMetadataSearchResults" => throw InvalidSearchToken(request),
        _ => throw OnvifFaults.UnknownAction($"'{request.Name.LocalName}' is not an operation of the search service"),
    };

    private async Task<XElement> GetRecordingInformationAsync(XElement request, CancellationToken cancellationToken)
    {
        var token = Required(request, "RecordingToken");
        var information = await _catalog.GetAsync(token, cancellationToken) ?? throw InvalidToken($"recording '{token}' does not exist");
        return new XElement(Tse + "GetRecordingInformationResponse", SearchXml.Information(Tse + "RecordingInformation", information));
    }

    private async Task<XElement> GetMediaAttributesAsync(XElement request, CancellationToken cancellationToken)
    {
        var time = Time(request.Element(Tse + "Time"), "Time") ?? throw OnvifFaults.InvalidArgs("GetMediaAttributes needs a Time");
        var tokens = request.Elements(Tse + "RecordingTokens").Select(e => e.Value.Trim()).ToList();
        var all = await _catalog.GetAllAsync(cancellationToken);
        var unknown = tokens.FirstOrDefault(t => all.All(r => r.RecordingToken != t));
        if (unknown is not null)
        {
            throw InvalidToken($"recording '{unknown}' does not exist");
        }

        var selected = tokens.Count == 0 ? all : all.Where(r => tokens.Contains(r.RecordingToken)).ToList();
        var attributes = new List<XElement>();
        foreach (var recording in selected)
        {
            var present = recording.Tracks
                .Where(t => _catalog.Index.GetRangesBetween(recording.RecordingToken, t.TrackToken, time, time).Count > 0)
                .Select(t => (t, _catalog.Index.GetTrackParametersAt(recording.RecordingToken, t.TrackToken, time)?.Parameters))
                .ToList();
            if (present.Count > 0)
            {
                attributes.Add(SearchXml.MediaAttributes(recording.RecordingToken, present, time));
            }
        }

        return new XElement(Tse + "GetMediaAttributesResponse", attributes);
    }

    private async Task<XElement> FindRecordingsAsync(XElement request, CancellationToken cancellationToken)
    {
        var (scope, filter) = Scope(request.Element(Tse + "Scope"));
        var keepAlive = Duration(request.Element(Tse + "KeepAliveTime"), "KeepAliveTime") ?? throw OnvifFaults.InvalidArgs("FindRecordings needs a KeepAliveTime");
        var recordings = await ResolveAsync(scope, cancellationToken);
        var token = _sessions.Start<RecordingInformation>(keepAlive, Int(request, "MaxMatches"), (sink, stop) =>
        {
            foreach (var recording in recordings)
            {
                stop.ThrowIfCancellationRequested();
                if ((filter is null || filter.Matches(recording)) && !sink.Add(recording))
                {
                    break;
                }
            }

            return Task.CompletedTask;
        }) ?? throw ResourceProblem();
        return new XElement(Tse + "FindRecordingsResponse", new XElement(Tse + "SearchToken", token));
    }

    private async Task<XElement> GetRecordingSearchResultsAsync(XElement request, CancellationToken cancellationToken)
    {
        var results = await _sessions.GetResultsAsync<RecordingInformation>(
            SearchToken(request), Int(request, "MinResults"), Int(request, "MaxResults"), Duration(request.Element(Tse + "WaitTime"), "WaitTime"), cancellationToken)
            ?? throw InvalidSearchToken(request);
        return new XElement(Tse + "GetRecordingSearchResultsResponse", new XElement(Tse + "ResultList",
            new XElement(SearchXml.Tt + "SearchState", SearchXml.State(results.State)),
            results.Items.Select(r => SearchXml.Information(SearchXml.Tt + "RecordingInformation", r))));
    }

    private async Task<XElement> FindEventsAsync(XElement request, CancellationToken cancellationToken)
    {
        var start = Time(request.Element(Tse + "StartPoint"), "StartPoint") ?? throw OnvifFaults.InvalidArgs("FindEvents needs a StartPoint");
        var end = Time(request.Element(Tse + "EndPoint"), "EndPoint");
        var (scope, filter) = Scope(request.Element(Tse + "Scope"));
        var keepAlive = Duration(request.Element(Tse + "KeepAliveTime"), "KeepAliveTime") ?? throw OnvifFaults.InvalidArgs("FindEvents needs a KeepAliveTime");
        var includeStartState = Bool(request.Element(Tse + "IncludeStartState"), "IncludeStartState");
        NotificationFilter events;
        try
        {
            events = EventRequests.Filter(request.Element(Tse + "SearchFilter"), Now);
        }
        catch (OnvifFaultException fault)
        {
            throw RecordingInformationFilter.InvalidFilter("the SearchFilter is not understood: " + fault.Message);
        }

        var recordings = await ResolveAsync(scope, cancellationToken);
        var index = _catalog.Index;
        var tolerance = _sessions.Limits.ContiguityTolerance;
        var token = _sessions.Start<FoundEvent>(keepAlive, Int(request, "MaxMatches"), (sink, stop) =>
        {
            var matching = recordings.Where(r => filter is null || filter.Matches(r)).ToList();
            var limit = _sessions.Limits.MaxMatches;
            foreach (var found in RecordingHistorySearch.Find(matching, start, end, includeStartState, index.GetRangesBetween, tolerance, events.Matches,
                (recording, from, to) => index.GetEventsBetween(recording, from, to, limit), index.GetEventStatesAt))
            {
                stop.ThrowIfCancellationRequested();
                if (!sink.Add(found, found.Time))
                {
                    break;
                }
            }

            return Task.CompletedTask;
        }, start, end) ?? throw ResourceProblem();
        return new XElement(Tse + "FindEventsResponse", new XElement(Tse + "SearchToken", token));
    }

    private async Task<XElement> GetEventSearchResultsAsync(XElement request, CancellationToken cancellationToken)
    {
        var results = await _sessions.GetResultsAsync<FoundEvent>(
            SearchToken(request), Int(request, "MinResults"), Int(request, "MaxResults"), Duration(request.Element(Tse + "WaitTime"), "WaitTime"), cancellationToken)
            ?? throw InvalidSearchToken(request);
        var now = Now;
        return new XElement(Tse + "GetEventSearchResultsResponse", new XElement(Tse + "ResultList",
            new XElement(SearchXml.Tt + "SearchState", SearchXml.State(results.State)),
            results.Items.Select(f => SearchXml.EventResult(f, now))));
    }

    private async Task<IReadOnlyList<RecordingInformation>> ResolveAsync(SearchScope scope, CancellationToken cancellationToken)
    {
        try
        {
            return await _catalog.ResolveAsync(scope, cancellationToken);
        }
        catch (UnknownScopeTokenException e)
        {
            throw OnvifFaults.InvalidArgVal(e.IsSource ? "InvalidSource" : "InvalidToken", e.Message);
        }
    }

    private static (SearchScope Scope, RecordingInformationFilter? Filter) Scope(XElement? scope)
    {
        if (scope is null)
        {
            throw OnvifFaults.InvalidArgs("the request needs a Scope");
        }

        var sources = scope.Elements(SearchXml.Tt + "IncludedSources").Select(e => (e.Element(SearchXml.Tt + "Token")?.Value ?? e.Value).Trim()).ToList();
        var recordings = scope.Elements(SearchXml.Tt + "IncludedRecordings").Select(e => e.Value.Trim()).ToList();
        var text = scope.Element(SearchXml.Tt + "RecordingInformationFilter")?.Value;
        var filter = string.IsNullOrWhiteSpace(text) ? null : RecordingInformationFilter.Compile(text);
        return (new SearchScope(sources, recordings, null), filter);
    }

    private static string SearchToken(XElement request) => Required(request, "SearchToken");

    private static string Required(XElement request, string name) =>
        request.Element(Tse + name)?.Value.Trim() is { Length: > 0 } value ? value : throw OnvifFaults.InvalidArgs($"{request.Name.LocalName} needs a {name}");

    private static int? Int(XElement request, string name)
    {
        var element = request.Element(Tse + name);
        if (element is null)
        {
            return null;
        }

        return int.TryParse(element.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw OnvifFaults.InvalidArgs($"{name} must be a non-negative xs:int");
    }

    private static TimeSpan? Duration(XElement? element, string name) => element is null ? null : EventRequests.Duration(element, name);

    private static DateTimeOffset? Time(XElement? element, string name)
    {
        if (element is null)
        {
            return null;
        }

        try
        {
            var parsed = XmlConvert.ToDateTime(element.Value.Trim(), XmlDateTimeSerializationMode.RoundtripKind);
            return parsed.Kind == DateTimeKind.Unspecified
                ? new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc))
                : new DateTimeOffset(parsed.ToUniversalTime());
        }
        catch (FormatException)
        {
            throw OnvifFaults.InvalidArgs($"{name} must be an xs:dateTime");
        }
    }

    private static bool Bool(XElement? element, string name)
    {
        try
        {
            return element is not null && XmlConvert.ToBoolean(element.Value.Trim());
        }
        catch (FormatException)
        {
            throw OnvifFaults.InvalidArgs($"{name} must be an xs:boolean");
        }
    }

    private static OnvifFaultException InvalidToken(string reason) => OnvifFaults.InvalidArgVal("InvalidToken", reason);

    private static OnvifFaultException InvalidSearchToken(XElement request) =>
        InvalidToken($"search '{request.Element(Tse + "SearchToken")?.Value.Trim()}' does not exist (it ended, completed or expired)");

    private static OnvifFaultException ResourceProblem() =>
        OnvifFaults.Action("ResourceProblem", "the device cannot create a further search session (the maximum of concurrent searches runs)");
}
