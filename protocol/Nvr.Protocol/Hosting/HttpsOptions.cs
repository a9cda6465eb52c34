using System.Security.Cryptography.X509Certificates;

namespace Nvr.Protocol.Hosting;

/// <summary>The optional TLS listener: the server certificate (with its private key) and the https:// URLs to listen on.</summary>
public sealed record HttpsOptions(X509Certificate2 Certificate, IReadOnlyList<string> Urls)
{
    /// <summary>
    /// Loads a server certificate: a PKCS#12 file (.pfx/.p12, optional password) or, with <paramref name="pemKey"/>,
    /// a PEM certificate and its PEM private key. Error messages name the file, never the password.
    /// </summary>
    public static X509Certificate2 LoadCertificate(string path, string? pemKey, string? password)
    {
        try
        {
            var certificate = pemKey is null
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : X509Certificate2.CreateFromPemFile(path, pemKey);
            return certificate.HasPrivateKey ? certificate : throw new ArgumentException($"the certificate '{path}' has no private key");
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ArgumentException($"cannot load the HTTPS certificate '{path}': {e.Message}", e);
        }
    }
}
