using System.CommandLine;
using System.Text.Json;
using Nvr.Control.Persistence;
using Nvr.Protocol.Hosting;

namespace Nvr.Appliance;

/// <summary>
/// The appliance's command line (System.CommandLine): the options of <c>nvr</c>, each declared once with its help
/// text, an optional JSON config file with the same keys (the command line wins), and the <c>record</c> subcommand.
/// To add an option: declare a field below, add it in <see cref="Options"/>, and read it in <see cref="Read"/>
/// (and from the config file if it has a key there).
/// </summary>
public sealed class ApplianceCommandLine
{
    /// <summary>The data directory when neither <c>--data-dir</c> nor the config file names one (relative to the caller's current directory).</summary>
    public const string DefaultDataDirectory = "nvr-data";

    /// <summary>The environment variable that may carry the first administrator's password.</summary>
    public const string AdminPasswordVariable = "NVR_ADMIN_PASSWORD";

    /// <summary>The listening address when none is given.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    private readonly Option<string?> _dataDir = new("--data-dir")
    {
        HelpName = "DIR",
        Description = $"Where the control database and local recordings live, relative to the current directory (default ./{DefaultDataDirectory}).",
    };

    private readonly Option<string?> _urls = new("--urls")
    {
        HelpName = "URL[;URL...]",
        Description = $"Listening addresses (default {DefaultUrls}).",
    };

    private readonly Option<string?> _config = new("--config")
    {
        HelpName = "FILE",
        Description = "JSON file with dataDir, urls, postgres, cluster {port: N, seeds: [HOST:PORT, ...]}, timeZone, minFreeSpace, adminUser, adminPassword, storages {token: uri}, limits {maxRecordings: N, ...}; the command line wins.",
    };

    private readonly Option<string[]> _storage = new("--storage")
    {
        HelpName = "TOKEN=URI",
        Arity = ArgumentArity.ZeroOrMore,
        Description = "A storage configuration recordings may target (repeatable): file:///abs/dir or s3://KEY:SECRET@HOST:PORT/BUCKET.",
    };

    private readonly Option<string?> _postgres = new("--postgres")
    {
        HelpName = "CONNSTR",
        Description = "Keep the control plane and the recorded-range index in PostgreSQL instead of SQLite (Npgsql connection string; the index gets its own tables in that database).",
    };

    private readonly Option<int?> _clusterPort = new("--cluster-port")
    {
        HelpName = "PORT",
        Description = "Cluster mode: this node's remoting TCP port on the host of its first --urls address; needs --postgres (shared journal) and a shared storage (docs/cluster.md).",
    };

    private readonly Option<string[]> _clusterSeed = new("--cluster-seed")
    {
        HelpName = "HOST:PORT",
        Arity = ArgumentArity.ZeroOrMore,
        Description = "A seed node of the cluster (repeatable; the same list in the same order on every node).",
    };

    private readonly Option<string?> _timeZone = new("--time-zone")
    {
        HelpName = "ZONE",
        Description = "IANA zone for schedules' local times (default UTC), e.g. Europe/Berlin.",
    };

    private readonly Option<string?> _minFreeSpace = new("--min-free-space")
    {
        HelpName = "SIZE",
        Description = "Keep this much free on local storages, deleting the oldest segments first (default 1GiB; e.g. 2GiB, 500MB, bytes; 0 turns it off).",
    };

    private readonly Option<string?> _discoveryPort = new("--discovery-port")
    {
        HelpName = "PORT|off",
        Description = "UDP port of the WS-Discovery responder (default 3702, multicast 239.255.255.250); off (or 0) disables it.",
    };

    private readonly Option<string?> _httpsCertificate = new("--https-certificate")
    {
        HelpName = "FILE",
        Description = "Adds an HTTPS listener with this certificate: a .pfx/.p12 (password in env NVR_HTTPS_CERTIFICATE_PASSWORD) or a PEM file with --https-key.",
    };

    private readonly Option<string?> _httpsKey = new("--https-key")
    {
        HelpName = "FILE",
        Description = "The PEM private key of a PEM --https-certificate.",
    };

    private readonly Option<string?> _httpsUrls = new("--https-urls")
    {
        HelpName = "URLS",
        Description = "HTTPS listen URLs with --https-certificate, ';'-separated (default https://127.0.0.1:8443).",
    };

    private readonly Option<string?> _adminUser = new("--admin-user")
    {
        HelpName = "NAME",
        Description = "The administrator created at first start, when no user exists yet (default admin).",
    };

    private readonly Option<string?> _adminPassword = new("--admin-password")
    {
        HelpName = "PASS",
        Description = "The first administrator's password (also env NVR_ADMIN_PASSWORD, config adminPassword); without one a random password is generated, printed once and written to DATA/initial-admin-password. Ignored once users exist.",
    };

    private readonly LimitOptions _limits = new();

    private readonly Option<int?> _rtspPort = new("--rtsp-port")
    {
        Description = "TCP port of the RTSP server replaying recordings (default 8554; 0 picks a free port).",
    };

    private readonly Option<int?> _ingestReadMs = new("--ingest-read-ms")
    {
        HelpName = "MS",
        Description = "Period of the shared read tick of camera connections (default 40): a drained connection is read again at the next tick, in one read; 0 reads every packet burst as it arrives.",
    };

    private readonly Option<string?> _logFormat = new("--log-format")
    {
        HelpName = "FORMAT",
        Description = "Console log format: text (default) or json (one JSON object per line).",
    };

    private readonly Option<bool> _demo = new("--demo")
    {
        Description = "Start a built-in camera simulator recording to the first storage.",
    };

    /// <summary>Builds the command tree; <see cref="Root"/> gets its actions from <see cref="Program"/>.</summary>
    public ApplianceCommandLine()
    {
        Root = new RootCommand("nvr: an ONVIF network video recorder (device, recording, receiver, schedule and event services).");
        foreach (Option option in Options)
        {
            Root.Options.Add(option);
        }

        Record = new Command("record", "Record one RTSP camera to segments without the ONVIF services.\n" + Nvr.Recording.Cli.RecordCommandLine.Usage)
        {
            TreatUnmatchedTokensAsErrors = false, // its own options are read by RecordCommandLine
        };
        Root.Subcommands.Add(Record);
    }

    /// <summary>The <c>nvr</c> command with its options and subcommands.</summary>
    public RootCommand Root { get; }

    /// <summary>The <c>record</c> subcommand; its arguments are the parse result's unmatched tokens.</summary>
    public Command Record { get; }

    private IEnumerable<Option> Options => [_dataDir, _urls, _config, _storage, _postgres, _clusterPort, _clusterSeed, _timeZone, _minFreeSpace, _discoveryPort, _httpsCertificate, _httpsKey, _httpsUrls, _adminUser, _adminPassword, .. _limits.Options, _rtspPort, _ingestReadMs, _logFormat, _demo];

    /// <summary>Parses the serve options of <paramref name="args"/> (tests and tools).</summary>
    /// <exception cref="ArgumentException">A parse error, a bad value (the message names the option).</exception>
    public static ApplianceOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var commandLine = new ApplianceCommandLine();
        commandLine.Root.SetAction(_ => 0); // serving is Program's action; a root with an action needs no subcommand
        return commandLine.Read(commandLine.Root.Parse(args), environment);
    }

    /// <summary>True when <c>--demo</c> was given.</summary>
    public bool IsDemo(ParseResult result) => result.GetValue(_demo);

    /// <summary>The appliance options of a parse result, merged with the config file (and NVR_ADMIN_PASSWORD of <paramref name="environment"/>).</summary>
    /// <exception cref="ArgumentException">A parse error or a bad value.</exception>
    /// <exception cref="IOException">The config file cannot be read.</exception>
    /// <exception cref="JsonException">The config file is not JSON.</exception>
    public ApplianceOptions Read(ParseResult result, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)));
        }

        string? dataDir = result.GetValue(_dataDir), urls = result.GetValue(_urls), postgres = result.GetValue(_postgres);
        string? timeZone = result.GetValue(_timeZone), minFreeSpace = result.GetValue(_minFreeSpace);
        string? adminUser = result.GetValue(_adminUser), adminPassword = result.GetValue(_adminPassword) ?? NonEmpty(environment(AdminPasswordVariable));
        int? clusterPort = result.GetValue(_clusterPort);
        var clusterSeeds = (result.GetValue(_clusterSeed) ?? []).ToList();
        var storages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var binding in result.GetValue(_storage) ?? [])
        {
            AddStorage(storages, binding);
        }

        using var document = result.GetValue(_config) is { } config ? JsonDocument.Parse(File.ReadAllText(config)) : null;
        var limits = _limits.Read(result, document?.RootElement);
        if (document is not null)
        {
            var root = document.RootElement;
            dataDir ??= StringOf(root, "dataDir");
            urls ??= StringOf(root, "urls");
            postgres ??= StringOf(root, "postgres");
            timeZone ??= StringOf(root, "timeZone");
            minFreeSpace ??= StringOf(root, "minFreeSpace");
            adminUser ??= StringOf(root, "adminUser");
            adminPassword ??= StringOf(root, "adminPassword");
            if (root.TryGetProperty("cluster", out var cluster))
            {
                clusterPort ??= cluster.TryGetProperty("port", out var p) ? p.GetInt32() : null;
                if (clusterSeeds.Count == 0 && cluster.TryGetProperty("seeds", out var seeds))
                {
                    clusterSeeds.AddRange(seeds.EnumerateArray().Select(e => e.GetString() ?? string.Empty));
                }
            }
            if (root.TryGetProperty("storages", out var s))
            {
                foreach (var storage in s.EnumerateObject())
                {
                    storages.TryAdd(storage.Name, storage.Value.GetString() ?? string.Empty);
                }
            }
        }

        // Relative paths resolve against the caller's current directory (dotnet run keeps it: RunWorkingDirectory).
        var directory = Path.GetFullPath(dataDir ?? DefaultDataDirectory);
        if (storages.Count == 0)
        {
            storages["local"] = new Uri(Path.Combine(directory, "recordings")).AbsoluteUri;
        }

        var listening = (urls ?? DefaultUrls).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ApplianceOptions
        {
            DataDirectory = directory,
            Urls = listening,
            Cluster = ClusterOptionsOf(clusterPort, clusterSeeds, listening, postgres),
            Persistence = postgres is null ? null : PersistenceOptions.PostgreSql(postgres),
            Storages = storages,
            TimeZone = timeZone ?? "UTC",
            AdminUser = adminUser ?? "admin",
            AdminPassword = NonEmpty(adminPassword),
            Limits = limits,
            RtspPort = result.GetValue(_rtspPort) is { } port ? (port is >= 0 and <= 65535 ? port : throw new ArgumentException($"--rtsp-port takes 0..65535, got {port}")) : Nvr.Pipeline.RtspServer.RtspServerOptions.DefaultPort,
            LogFormat = result.GetValue(_logFormat) is { } format
                ? format is "text" or "json" ? format : throw new ArgumentException($"--log-format is text or json, got '{format}'")
                : "text",
            MinimumFreeBytes = minFreeSpace is null ? new ApplianceOptions { DataDirectory = directory }.MinimumFreeBytes : ByteSizeParser.Parse(minFreeSpace, "--min-free-space"),
            DiscoveryPort = DiscoveryPortOf(result.GetValue(_discoveryPort)),
            IngestReadPeriod = result.GetValue(_ingestReadMs) is { } readMs
                ? readMs is >= 0 and <= 1000 ? TimeSpan.FromMilliseconds(readMs) : throw new ArgumentException($"--ingest-read-ms takes 0..1000, got {readMs}")
                : new ApplianceOptions { DataDirectory = directory }.IngestReadPeriod,
            Https = HttpsOf(result.GetValue(_httpsCertificate), result.GetValue(_httpsKey), result.GetValue(_httpsUrls)),
        };
    }

    private static Nvr.Control.Cluster.ClusterOptions? ClusterOptionsOf(int? port, IReadOnlyList<string> seeds, IReadOnlyList<string> urls, string? postgres)
    {
        if (port is null)
        {
            return seeds.Count == 0 ? null : throw new ArgumentException("--cluster-seed needs --cluster-port");
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"--cluster-port takes 1..65535, got {port}");
        }

        if (postgres is null)
        {
            throw new ArgumentException("--cluster-port needs --postgres: the nodes share one PostgreSQL journal");
        }

        foreach (var seed in seeds)
        {
            Nvr.Control.Cluster.ClusterOptions.ParseSeed(seed); // throws naming the option
        }

        var host = new Uri(urls[0].Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)).Host;
        if (host is "0.0.0.0" or "[::]")
        {
            throw new ArgumentException("--cluster-port needs the first --urls address to name this node's host (not a wildcard): the other nodes reach it there");
        }

        var self = $"{host}:{port}";
        return new Nvr.Control.Cluster.ClusterOptions(host, port.Value, seeds.Count == 0 ? [self] : seeds);
    }

    private static int? DiscoveryPortOf(string? text) => text switch
    {
        null => 3702,
        "off" or "0" => null,
        _ when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 => port,
        _ => throw new ArgumentException($"--discovery-port takes a UDP port (1-65535) or off, got '{text}'"),
    };

    private static HttpsOptions? HttpsOf(string? certificate, string? key, string? urls)
    {
        if (certificate is null)
        {
            return key is null && urls is null ? null : throw new ArgumentException("--https-key and --https-urls need --https-certificate");
        }

        return new HttpsOptions(
            HttpsOptions.LoadCertificate(certificate, key, Environment.GetEnvironmentVariable("NVR_HTTPS_CERTIFICATE_PASSWORD")),
            (urls ?? "https://127.0.0.1:8443").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? StringOf(JsonElement root, string key) => root.TryGetProperty(key, out var value) ? value.GetString() : null;

    private static void AddStorage(Dictionary<string, string> storages, string binding)
    {
        var equals = binding.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == binding.Length - 1)
        {
            throw new ArgumentException($"--storage takes TOKEN=URI, got '{binding}'");
        }

        storages[binding[..equals]] = binding[(equals + 1)..];
    }
}
