using System.Globalization;
using System.Xml;
using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Recording.Cli;

/// <summary>Parses <c>nvr record …</c> arguments.</summary>
public static class RecordCommandLine
{
    public const string Usage =
        "usage: nvr record --source rtsp://… --duration SECONDS (--out DIR | --storage s3://KEY:SECRET@HOST:PORT/BUCKET?tls=false)\n" +
        "                  [--format MP4|CMAF] [--segment-duration PT10S] [--prefix P] [--postfix Q]\n" +
        "                  [--encryption cenc|cbcs --key HEX --kid HEX] [--transport tcp|udp]";

    /// <summary>Parses the arguments after <c>record</c>.</summary>
    /// <exception cref="ArgumentException">Missing or invalid option (the message says which).</exception>
    public static RecordOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"unexpected argument '{name}'");
            }

            values[name] = args[++i];
        }

        string? Take(string name)
        {
            if (values.Remove(name, out var v))
            {
                return v;
            }

            return null;
        }

        string source = Take("--source") ?? throw new ArgumentException("--source rtsp://… is required");
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Scheme != "rtsp")
        {
            throw new ArgumentException("--source must be an rtsp:// URI");
        }

        string durationText = Take("--duration") ?? throw new ArgumentException("--duration SECONDS is required");
        if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 86400 * 365)
        {
            throw new ArgumentException("--duration must be a positive number of seconds");
        }

        string? output = Take("--out");
        string? storage = Take("--storage");
        if ((output is null) == (storage is null))
        {
            throw new ArgumentException("give exactly one of --out DIR or --storage URI");
        }

        var format = (Take("--format") ?? "MP4").ToUpperInvariant() switch
        {
            "MP4" => RecordingFormat.Mp4,
            "CMAF" => RecordingFormat.Cmaf,
            var f => throw new ArgumentException($"--format must be MP4 or CMAF, not '{f}'"),
        };
        TimeSpan segment = TimeSpan.FromSeconds(10);
        if (Take("--segment-duration") is { } sd)
        {
            try
            {
                segment = XmlConvert.ToTimeSpan(sd);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"--segment-duration must be an ISO 8601 duration such as PT10S, not '{sd}'");
            }

            if (segment <= TimeSpan.Zero)
            {
                throw new ArgumentException("--segment-duration must be positive");
            }
        }

        var transport = (Take("--transport") ?? "tcp").ToLowerInvariant() switch
        {
            "tcp" => RtspTransport.TcpInterleaved,
            "udp" => RtspTransport.Udp,
            var t => throw new ArgumentException($"--transport must be tcp or udp, not '{t}'"),
        };
        var encryption = ParseEncryption(Take("--encryption"), Take("--key"), Take("--kid"));
        string? prefix = Take("--prefix");
        string? postfix = Take("--postfix");
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option {values.Keys.First()}");
        }

        return new RecordOptions
        {
            Source = uri,
            Duration = TimeSpan.FromSeconds(seconds),
            OutputDirectory = output,
            Storage = storage,
            Transport = transport,
            Target = new RecordingTarget
            {
                Format = format,
                Prefix = prefix,
                Postfix = postfix,
                SegmentDuration = segment,
                Encryption = encryption,
            },
        };
    }

    private static IReadOnlyList<EncryptionEntry> ParseEncryption(string? mode, string? key, string? kid)
    {
        if (mode is null)
        {
            if (key is not null || kid is not null)
            {
                throw new ArgumentException("--key and --kid need --encryption cenc|cbcs");
            }

            return [];
        }

        if (key is null || kid is null)
        {
            throw new ArgumentException("--encryption needs --key HEX and --kid HEX (32 hex digits each)");
        }

        try
        {
            return [new EncryptionEntry(EncryptionModes.Parse(mode), ContentKey.Parse(kid, key), [])];
        }
        catch (InvalidEncryptionConfigurationException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
