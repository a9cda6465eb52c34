namespace Nvr.Storage.Keys;

/// <summary>
/// An Annex B object key taken apart (see <see cref="ObjectKeyParser"/>).
/// </summary>
/// <param name="Key">The key text exactly as parsed.</param>
/// <param name="Prefix">The configured prefix, or null when the key has none.</param>
/// <param name="Postfix">The configured postfix, or null when the key has none.</param>
/// <param name="Time">
/// UTC time in the key: first sample of a segment, or end of the last sample for a span end object.
/// A leap second (<c>60</c>) is represented as the first instant of the next minute.
/// </param>
/// <param name="FractionDigits">How many fractional second digits the key carried (0 to 6).</param>
/// <param name="Counter">The span counter.</param>
/// <param name="Kind">The span kind given by the extension.</param>
/// <param name="IsSpanEnd">True for a span end object (<c>&lt;ext&gt;_end</c>).</param>
public sealed record ObjectKey(
    string Key,
    string? Prefix,
    string? Postfix,
    DateTimeOffset Time,
    int FractionDigits,
    long Counter,
    SpanKind Kind,
    bool IsSpanEnd);
