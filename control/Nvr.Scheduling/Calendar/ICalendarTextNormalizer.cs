using System.Text;

namespace Nvr.Scheduling.Calendar;

/// <summary>
/// Forgiving clean-up of iCalendar text as it arrives inside XML: CRLF/LF mixes, a common indentation of all
/// lines (pretty-printed XML) and blanks after the property colon (the spec's own A.4 writes "DTEND: 1970...").
/// Folded continuation lines (one extra leading blank) are kept as they are.
/// </summary>
internal static class ICalendarTextNormalizer
{
    public static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var indent = CommonIndentation(lines);
        var sb = new StringBuilder(text.Length + 16);
        foreach (var raw in lines)
        {
            var line = raw.Length >= indent ? raw[indent..] : raw.TrimStart();
            line = line.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is not (' ' or '\t'))
            {
                line = RemoveBlanksAfterColon(line);
            }

            sb.Append(line).Append("\r\n");
        }

        return sb.ToString();
    }

    private static int CommonIndentation(string[] lines)
    {
        var indent = int.MaxValue;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var blanks = 0;
            while (blanks < line.Length && line[blanks] is ' ' or '\t')
            {
                blanks++;
            }

            indent = Math.Min(indent, blanks);
        }

        return indent == int.MaxValue ? 0 : indent;
    }

    private static string RemoveBlanksAfterColon(string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0 || colon + 1 >= line.Length || line[colon + 1] is not (' ' or '\t'))
        {
            return line;
        }

        return string.Concat(line.AsSpan(0, colon + 1), line.AsSpan(colon + 1).TrimStart());
    }
}
