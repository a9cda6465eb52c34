using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Nvr.Control.Persistence;

/// <summary>
/// Builds the HOCON of the control plane's actor system: Akka.Persistence.Sql journal and snapshot store on the
/// chosen database, the plugin's own defaults as fallback (they are not loaded automatically), and the stable
/// event serializer bound to every persisted type.
/// </summary>
public static class ControlSystemConfig
{
    public static Config Build(PersistenceOptions options)
    {
        if (options.Provider == PersistenceProvider.Sqlite)
        {
            EnableWriteAheadLog(options.ConnectionString);
        }

        var provider = options.Provider == PersistenceProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        var connection = options.ConnectionString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var hocon = $$"""
            akka {
              loglevel = INFO
              stdout-loglevel = WARNING
              actor {
                serializers { nvr-control = "Nvr.Control.Persistence.ControlEventSerializer, Nvr.Control" }
                serialization-bindings {
                  "Nvr.Control.Recordings.Messages.IControlEvent, Nvr.Control" = nvr-control
                  "Nvr.Control.Recordings.RecordingControlState, Nvr.Control" = nvr-control
                  "Nvr.Scheduling.Book.ScheduleBookChange, Nvr.Scheduling" = nvr-control
                  "Nvr.Scheduling.Book.ScheduleBookSnapshot, Nvr.Scheduling" = nvr-control
                  "Nvr.Control.Device.IDeviceEvent, Nvr.Control" = nvr-control
                  "Nvr.Control.Storage.IStorageEvent, Nvr.Control" = nvr-control
                }
              }
              persistence {
                journal {
                  plugin = "akka.persistence.journal.sql"
                  sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = true }
                }
                snapshot-store {
                  plugin = "akka.persistence.snapshot-store.sql"
                  sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = true }
                }
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>WAL is a property of the database file: 10,000 persists take ~4x less time than in rollback mode.</summary>
    private static void EnableWriteAheadLog(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
