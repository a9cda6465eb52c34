using System.Text.Json;
using Nvr.Control.Persistence;
using Nvr.Protocol.Hosting;

namespace Nvr.Appliance;

/// <summary>
/// Reads the appliance options from the command line and an optional JSON config file (command line wins):
/// <c>--data-dir DIR</c>, <c>--urls URL[;URL]</c>, <c>--config FILE</c>, <c>--storage TOKEN=URI</c> (repeatable),
/// <c>--postgres CONNECTION-STRING</c>, <c>--min-free-space SIZE</c>. The config file has the same keys: dataDir, urls, postgres,
/// timeZone, minFreeSpace, storages.
/// </summary>
public static class ApplianceCommandLine
{
    public const string Usage = """
        usage: nvr [--data-dir DIR] [--urls URL[;URL...]] [--config FILE] [--storage TOKEN=URI]... [--postgres CONNSTR] [--time-zone ZONE] [--min-free-space SIZE] [--demo]
          --data-dir   where the control database and local recordings live (default ./nvr-data)
          --urls       listening addresses (default http://127.0.0.1:8080)
          --config     JSON file with dataDir, urls, postgres, storages {token: uri}
          --storage    a storage configuration recordings may target: file:///abs/dir or s3://KEY:SECRET@HOST:PORT/BUCKET
          --postgres   keep the control plane in PostgreSQL instead of SQLite (Npgsql connection string)
          --demo       start a built-in camera simulator recording to the first storage
          --time-zone  IANA zone for schedules' local times (default UTC), e.g. Europe/Berlin
          --min-free-space  keep this much free on local storages, deleting the oldest segments first
                       (default 1GiB; e.g. 2GiB, 500MB, bytes; 0 turns it off)
        """;

    public static ApplianceOptions Parse(IReadOnlyList<string> args)
    {
        string? dataDir = null, urls = null, config = null, postgres = null, timeZone = null, minFreeSpace = null;
        var storages = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--data-dir": dataDir = Value(); break;
                case "--urls": urls = Value(); break;
                case "--config": config = Value(); break;
                case "--postgres": postgres = Value(); break;
                case "--time-zone": timeZone = Value(); break;
                case "--min-free-space": minFreeSpace = Value(); break;
                case "--storage": AddStorage(storages, Value()); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (config is not null)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(config));
            var root = document.RootElement;
            dataDir ??= root.TryGetProperty("dataDir", out var d) ? d.GetString() : null;
            urls ??= root.TryGetProperty("urls", out var u) ? u.GetString() : null;
            postgres ??= root.TryGetProperty("postgres", out var p) ? p.GetString() : null;
            timeZone ??= root.TryGetProperty("timeZone", out var z) ? z.GetString() : null;
            minFreeSpace ??= root.TryGetProperty("minFreeSpace", out var f) ? f.GetString() : null;
            if (root.TryGetProperty("storages", out var s))
            {
                foreach (var storage in s.EnumerateObject())
                {
                    storages.TryAdd(storage.Name, storage.Value.GetString() ?? string.Empty);
                }
            }
        }

        var directory = Path.GetFullPath(dataDir ?? "nvr-data");
        if (storages.Count == 0)
        {
            storages["local"] = new Uri(Path.Combine(directory, "recordings")).AbsoluteUri;
        }

        return new ApplianceOptions
        {
            DataDirectory = directory,
            Urls = (urls ?? "http://127.0.0.1:8080").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Persistence = postgres is null ? null : PersistenceOptions.PostgreSql(postgres),
            Storages = storages,
            TimeZone = timeZone ?? "UTC",
            MinimumFreeBytes = minFreeSpace is null ? new ApplianceOptions { DataDirectory = directory }.MinimumFreeBytes : ByteSizeParser.Parse(minFreeSpace, "--min-free-space"),
        };
    }

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
