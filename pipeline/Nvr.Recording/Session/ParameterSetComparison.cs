using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>Whether a movie box described with one set of parameter sets still fits another.</summary>
internal static class ParameterSetComparison
{
    /// <summary>True when both are known and any of VPS/SPS/PPS differs byte-wise.</summary>
    public static bool Differ(ParameterSets? now, ParameterSets? then)
    {
        if (ReferenceEquals(now, then) || now is null || then is null)
        {
            return false;
        }

        return !Same(now.Vps, then.Vps) || !Same(now.Sps, then.Sps) || !Same(now.Pps, then.Pps);

        static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }
}
