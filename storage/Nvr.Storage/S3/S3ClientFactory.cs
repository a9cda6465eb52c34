using Amazon.Runtime;
using Amazon.S3;
using Nvr.Storage.Configuration;

namespace Nvr.Storage.S3;

/// <summary>Creates S3 clients that also work against S3-compatible servers (path style, checksums only when required).</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// A client for <paramref name="configuration"/>. <paramref name="maxErrorRetry"/> is 0 by default:
    /// the spool retries with its own backoff, in order.
    /// </summary>
    public static AmazonS3Client Create(S3StorageConfiguration configuration, TimeSpan? requestTimeout = null, int maxErrorRetry = 0)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = configuration.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = configuration.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = maxErrorRetry,
            Timeout = requestTimeout ?? TimeSpan.FromSeconds(60),
        };
        return new AmazonS3Client(new BasicAWSCredentials(configuration.AccessKey.Reveal(), configuration.SecretKey.Reveal()), config);
    }
}
