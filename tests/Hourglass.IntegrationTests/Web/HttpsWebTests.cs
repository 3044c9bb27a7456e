using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary>HTTPS through Kestrel's own TLS, from a PEM certificate and key named in <c>web</c>.</summary>
public sealed class HttpsWebTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CertificateFile_ServesHttpsWithThatCertificate_AndNoPlainHttp()
    {
        var database = await cluster.CreateDatabaseAsync("web_tls", Ct);
        using var workspace = new Workspace(cluster, database);
        using var certificate = SelfSigned();
        File.WriteAllText(Path.Combine(workspace.Folder, "tls.crt"), certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(Path.Combine(workspace.Folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        }

        var listen = WebNode.Listen();
        workspace.WriteConfig(new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port, username = cluster.User },
            tiers = new { hourly = new { cron = "0 1 1 1 *", keep = 6 } },
            web = new { listen, certificateFile = "tls.crt", certificateKeyFile = "tls.key" },
        });
        using var node = NodeProcess.Serve(workspace.Folder);
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, served, _, _) =>
            {
                presented = served is null ? null : X509CertificateLoader.LoadCertificate(served.RawData);
                return served?.Thumbprint == certificate.Thumbprint;
            },
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://{listen}/") };

        var health = await Eventually.GetAsync(
            async () =>
            {
                try
                {
                    return await https.GetStringAsync("healthz", Ct);
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            TimeSpan.FromSeconds(60),
            "the web host over HTTPS",
            () => node.Output);
        using var plain = new HttpClient { BaseAddress = new Uri($"http://{listen}/") };
        var plainFailed = await Record.ExceptionAsync(() => plain.GetStringAsync("healthz", Ct));

        Assert.Equal("ok", health.Trim());
        Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
        Assert.NotNull(plainFailed);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));
    }
}
