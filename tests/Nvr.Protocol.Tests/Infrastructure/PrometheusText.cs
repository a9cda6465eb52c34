using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>One sample line of the Prometheus text exposition format.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats):
/// HELP/TYPE lines, metric and label name grammar, label value escapes (\\, \", \n only), Go float values with
/// +Inf/-Inf/NaN, an optional integer timestamp, TYPE before the family's samples and at most once, a family's
/// lines contiguous, histogram series only as _bucket (with le), _sum and _count, counters never negative.
/// Anything else throws <see cref="FormatException"/>.
/// </summary>
public static partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string family;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
                {
                    continue; // a plain comment
                }

                family = parts[2];
                Require(MetricName().IsMatch(family), lineNumber, $"bad metric name '{family}'");
                if (parts[1] == "TYPE")
                {
                    Require(parts.Length == 4 && Types.Contains(parts[3]), lineNumber, "bad TYPE");
                    Require(!types.ContainsKey(family), lineNumber, $"second TYPE for {family}");
                    Require(!samples.Any(s => FamilyOf(s.Name, types) == family), lineNumber, $"TYPE of {family} after its samples");
                    types[family] = parts[3];
                }
            }
            else
            {
                var sample = ParseSample(line, lineNumber);
                family = FamilyOf(sample.Name, types);
                if (types.TryGetValue(family, out var type))
                {
                    if (type == "histogram")
                    {
                        Require(sample.Name != family, lineNumber, $"histogram {family} sample without _bucket/_sum/_count");
                        Require(!sample.Name.EndsWith("_bucket", StringComparison.Ordinal) || sample.Labels.ContainsKey("le"), lineNumber, "bucket without le");
                    }
                    else if (type == "counter")
                    {
                        Require(sample.Value >= 0, lineNumber, "negative counter");
                    }
                }

                samples.Add(sample);
            }

            if (current != family)
            {
                Require(!finished.Contains(family), lineNumber, $"lines of {family} are not contiguous");
                if (current is not null)
                {
                    finished.Add(current);
                }

                current = family;
            }
        }

        return samples;
    }

    private static string FamilyOf(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var t) && t is "histogram" or "summary")
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static PrometheusSample ParseSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        Require(MetricName().IsMatch(name), lineNumber, $"bad metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                Require(eq > i, lineNumber, "label without =");
                var label = line[i..eq];
                Require(LabelName().IsMatch(label), lineNumber, $"bad label name '{label}'");
                Require(line[eq + 1] == '"', lineNumber, "label value not quoted");
                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"line {lineNumber}: bad escape \\{line[j]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                Require(labels.TryAdd(label, value.ToString()), lineNumber, $"label {label} twice");
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
                else
                {
                    Require(line[i] == '}', lineNumber, "label list not closed");
                }
            }

            i++;
        }

        Require(i < line.Length && line[i] == ' ', lineNumber, "no space before the value");
        var rest = line[(i + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, lineNumber, "value and at most a timestamp expected");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw new FormatException($"line {lineNumber}: bad value '{rest[0]}'"),
        };
        Require(rest.Length == 1 || long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), lineNumber, "bad timestamp");
        return new PrometheusSample(name, labels, number);
    }

    private static void Require(bool condition, int line, string message)
    {
        if (!condition)
        {
            throw new FormatException($"line {line}: {message}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
