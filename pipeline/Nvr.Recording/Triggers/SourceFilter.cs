using System.Xml;
using System.Xml.XPath;

namespace Nvr.Recording.Triggers;

/// <summary>
/// The optional message source filter of an EventFilter (ONVIF Core 9.4.4): an XPath 1.0 expression over the
/// notification message, typically <c>boolean(//tt:SimpleItem[@Name="VideoSourceToken" and @Value="1"])</c>. It is
/// evaluated against the message's Source items only for recording jobs (seed 5.3.4: filtering on data values need
/// not be supported); the event service's message content filter evaluates it over Source, Key and Data items.
/// Prefixes tt, tns1 and wsnt are bound.
/// </summary>
public sealed class SourceFilter
{
    private const string SchemaNamespace = "http://www.onvif.org/ver10/schema";
    private static readonly XmlNamespaceManager Namespaces = CreateNamespaces();
    private readonly XPathExpression _expression;

    private SourceFilter(XPathExpression expression) => _expression = expression;

    /// <summary>Compiles a filter; null and a reason when it is not a usable XPath expression.</summary>
    public static SourceFilter? TryParse(string expression, out string? error)
    {
        error = null;
        try
        {
            var compiled = XPathExpression.Compile(expression, Namespaces);
            var filter = new SourceFilter(compiled);
            _ = filter.Evaluate([], [], []); // unbound prefixes and functions show up on evaluation
            return filter;
        }
        catch (XPathException e)
        {
            error = $"source filter '{expression}' is not a valid XPath expression: {e.Message}";
            return null;
        }
    }

    public bool Matches(IReadOnlyList<EventItem> source) => Matches(source, [], []);

    /// <summary>Evaluates the expression over a tt:Message with the given Source, Key and Data simple items.</summary>
    /// <remarks>
    /// False when the expression cannot be evaluated over these items: System.Xml.XPath checks some operand types
    /// only when there are operands, so a filter that compiled against an empty message may fail on a real one.
    /// </remarks>
    public bool Matches(IReadOnlyList<EventItem> source, IReadOnlyList<EventItem> key, IReadOnlyList<EventItem> data)
    {
        try
        {
            return Evaluate(source, key, data);
        }
        catch (XPathException)
        {
            return false;
        }
    }

    private bool Evaluate(IReadOnlyList<EventItem> source, IReadOnlyList<EventItem> key, IReadOnlyList<EventItem> data)
    {
        var navigator = Message(source, key, data).CreateNavigator()!;
        return navigator.Evaluate(_expression) switch
        {
            bool b => b,
            double d => d != 0 && !double.IsNaN(d),
            string s => s.Length > 0,
            XPathNodeIterator nodes => nodes.MoveNext(),
            _ => false,
        };
    }

    private static XmlDocument Message(IReadOnlyList<EventItem> source, IReadOnlyList<EventItem> key, IReadOnlyList<EventItem> data)
    {
        var document = new XmlDocument();
        var message = document.AppendChild(document.CreateElement("tt", "Message", SchemaNamespace))!;
        AppendItems(document, message, "Source", source);
        if (key.Count > 0)
        {
            AppendItems(document, message, "Key", key);
        }

        AppendItems(document, message, "Data", data);
        return document;
    }

    private static void AppendItems(XmlDocument document, XmlNode message, string part, IReadOnlyList<EventItem> items)
    {
        var partElement = message.AppendChild(document.CreateElement("tt", part, SchemaNamespace))!;
        foreach (var item in items)
        {
            var simple = document.CreateElement("tt", "SimpleItem", SchemaNamespace);
            simple.SetAttribute("Name", item.Name);
            simple.SetAttribute("Value", item.Value);
            partElement.AppendChild(simple);
        }
    }

    private static XmlNamespaceManager CreateNamespaces()
    {
        var manager = new XmlNamespaceManager(new NameTable());
        manager.AddNamespace("tt", SchemaNamespace);
        manager.AddNamespace("tns1", "http://www.onvif.org/ver10/topics");
        manager.AddNamespace("wsnt", "http://docs.oasis-open.org/wsn/b-2");
        return manager;
    }
}
