namespace Nvr.Recording.Triggers;

/// <summary>
/// A topic filter of an EventFilter (ONVIF Core 9.6.3, ConcreteSet dialect): alternatives separated by '|', each a
/// topic path like <c>tns1:RuleEngine/CellMotionDetector/Motion</c>, optionally ending in <c>//.</c> for the topic and
/// everything below it; a <c>*</c> segment matches any one segment. The ONVIF topic namespace prefix <c>tns1:</c> is
/// optional on both sides; other prefixes must be spelled as the event spells them.
/// </summary>
public sealed class TopicFilter
{
    private readonly (string[] Segments, bool Subtree)[] _alternatives;

    private TopicFilter((string[] Segments, bool Subtree)[] alternatives) => _alternatives = alternatives;

    /// <summary>Parses a filter; null and a reason when it is not a valid topic expression.</summary>
    public static TopicFilter? TryParse(string expression, out string? error)
    {
        error = null;
        var alternatives = new List<(string[], bool)>();
        foreach (var raw in expression.Split('|'))
        {
            var text = raw.Trim();
            bool subtree = text.EndsWith("//.", StringComparison.Ordinal);
            if (subtree)
            {
                text = text[..^3];
            }

            var segments = Normalize(text).Split('/');
            foreach (var segment in segments)
            {
                if (!IsSegment(segment))
                {
                    error = $"topic expression '{expression}' is not a valid ConcreteSet topic path ('{raw.Trim()}')";
                    return null;
                }
            }

            alternatives.Add((segments, subtree));
        }

        return new TopicFilter([.. alternatives]);
    }

    public bool Matches(string topic)
    {
        var segments = Normalize(topic).Split('/');
        foreach (var (pattern, subtree) in _alternatives)
        {
            if (segments.Length < pattern.Length || (!subtree && segments.Length != pattern.Length))
            {
                continue;
            }

            bool all = true;
            for (int i = 0; i < pattern.Length && all; i++)
            {
                all = pattern[i] == "*" || string.Equals(pattern[i], segments[i], StringComparison.Ordinal);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string topic) =>
        topic.StartsWith("tns1:", StringComparison.Ordinal) ? topic[5..] : topic;

    private static bool IsSegment(string segment)
    {
        if (segment == "*")
        {
            return true;
        }

        int colon = segment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? IsName(segment) : IsName(segment[..colon]) && IsName(segment[(colon + 1)..]);
    }

    private static bool IsName(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
