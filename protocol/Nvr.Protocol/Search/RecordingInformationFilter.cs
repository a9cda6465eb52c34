using System.Xml.Linq;
using System.Xml.XPath;
using Nvr.Control.Search;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Search;

/// <summary>
/// A search scope's RecordingInformationFilter: an XPath 1.0 expression (the Search spec's dialect, e.g.
/// <c>boolean(//Track[TrackType = "Video"])</c>, element names without prefixes) evaluated with System.Xml.XPath over
/// the recording's tt:RecordingInformation with namespaces removed; the result is converted with XPath's boolean().
/// Typographic quotes (as in the spec's own examples) are read as straight quotes. An expression that does not
/// compile or evaluate is refused with env:Sender/ter:InvalidArgVal/ter:InvalidFilterFault.
/// </summary>
public sealed class RecordingInformationFilter
{
    private readonly XPathExpression _expression;

    private RecordingInformationFilter(XPathExpression expression) => _expression = expression;

    public static RecordingInformationFilter Compile(string text)
    {
        var normalized = text.Trim().Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u2018', '\'').Replace('\u2019', '\'');
        try
        {
            var filter = new RecordingInformationFilter(XPathExpression.Compile(normalized));
            filter.Evaluate(SearchXml.Information(SearchXml.Tt + "RecordingInformation", Probe)); // unknown functions fail only when evaluated
            return filter;
        }
        catch (XPathException e)
        {
            throw InvalidFilter($"the RecordingInformationFilter '{text}' is not an XPath expression this device understands: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw InvalidFilter($"the RecordingInformationFilter '{text}' is not usable: {e.Message}");
        }
    }

    public static OnvifFaultException InvalidFilter(string reason) => OnvifFaults.InvalidArgVal("InvalidFilterFault", reason);

    /// <summary>
    /// The expression's boolean() over the recording; false when it cannot be evaluated over this recording's
    /// information (System.Xml.XPath checks some operand types only when there are operands: a filter that
    /// compiled against the probe may still fail on a recording with tracks).
    /// </summary>
    public bool Matches(RecordingInformation information)
    {
        try
        {
            return Evaluate(SearchXml.Information(SearchXml.Tt + "RecordingInformation", information));
        }
        catch (XPathException)
        {
            return false;
        }
    }

    private bool Evaluate(XElement information)
    {
        var navigator = new XDocument(WithoutNamespaces(information)).CreateNavigator();
        return navigator.Evaluate(_expression) switch
        {
            bool b => b,
            double d => d != 0 && !double.IsNaN(d),
            string s => s.Length > 0,
            XPathNodeIterator nodes => nodes.MoveNext(),
            _ => false,
        };
    }

    private static XElement WithoutNamespaces(XElement element) => new(
        element.Name.LocalName,
        element.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => new XAttribute(a.Name.LocalName, a.Value)),
        element.Nodes().Select(n => n is XElement child ? WithoutNamespaces(child) : n));

    private static readonly RecordingInformation Probe = new(
        "probe", Nvr.Control.Recordings.Model.RecordingSource.Empty, null, null, string.Empty, [], RecordingStatuses.Initiated, []);
}
