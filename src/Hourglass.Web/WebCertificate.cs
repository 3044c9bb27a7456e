using System.Security.Cryptography.X509Certificates;
using Hourglass.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hourglass.Web;

/// <summary>HTTPS from <c>web.certificateFile</c> (PEM), through Kestrel's own TLS; HTTP when none is set.</summary>
internal static class WebCertificate
{
    public static void Use(ListenOptions listen, WebOptions options)
    {
        if (options.CertificateFile is not { } certificateFile)
        {
            return;
        }

        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, options.CertificateKeyFile);
        listen.UseHttps(certificate);
    }
}
