using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Storage.Configuration;
using Nvr.Storage.Local;
using Nvr.Storage.S3;
using Nvr.Storage.Sinks;
using Nvr.Storage.Spool;

namespace Nvr.Storage;

/// <summary>Creates the sink for a storage configuration (the recording's Target/Storage token resolves to one).</summary>
public static class StorageSinkFactory
{
    /// <summary>
    /// A <see cref="LocalDiskSink"/> with a group commit every second for <c>file://</c> storage (partial segments of a
    /// previous run are recovered first), or a started <see cref="SpoolingSink"/> uploading to S3 for <c>s3://</c> storage,
    /// spooling under <paramref name="spoolRoot"/>/&lt;token&gt;. Dispose the result if it is disposable.
    /// <paramref name="recovered"/> is called for each segment a crash left partial and recovery finalized, with its path
    /// (local: the storage's file; S3: the spool's file, before it is queued for upload); <paramref name="measureDuration"/>
    /// gives a recovered segment its Duration attribute.
    /// </summary>
    public static ISegmentSink Create(
        StorageConfiguration configuration,
        string spoolRoot,
        SpoolOptions? spoolOptions = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        Action<RecoveredSegment, string>? recovered = null,
        Func<string, TimeSpan?>? measureDuration = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        switch (configuration)
        {
            case LocalStorageConfiguration local:
                var sink = new LocalDiskSink(local.Directory, loggerFactory.CreateLogger<LocalDiskSink>(), groupCommitInterval: GroupCommit.DefaultInterval);
                sink.RecoverPartialSegments(recovered, measureDuration);
                return sink;
            case S3StorageConfiguration s3:
                var uploader = new S3ObjectUploader(S3ClientFactory.Create(s3, (spoolOptions ?? new SpoolOptions()).UploadTimeout), s3.Bucket, loggerFactory.CreateLogger<S3ObjectUploader>(), ownsClient: true);
                var spoolDirectory = Path.Combine(Path.GetFullPath(spoolRoot), SafeDirectoryName(s3.Token));
                var spool = new SpoolingSink(spoolDirectory, uploader, spoolOptions, timeProvider, loggerFactory.CreateLogger<SpoolingSink>());
                spool.Start(recovered, measureDuration);
                loggerFactory.CreateLogger(typeof(StorageSinkFactory)).LogInformation("Storage {Storage}: spooling in {Spool}", s3, spoolDirectory);
                return spool;
            default:
                throw new NotSupportedException($"storage '{configuration.Token}' has an unsupported type {configuration.GetType().Name}");
        }
    }

    /// <summary>The token itself when it is a plain name, else a sanitised name plus a hash so tokens never share a spool.</summary>
    internal static string SafeDirectoryName(string token)
    {
        if (token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return token;
        }

        var chars = token.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..8];
        return new string(chars) + "~" + hash;
    }
}
