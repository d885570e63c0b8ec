using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Transports;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Transports
{
    /// <summary>The tls transport against peers that are not TLS servers, and without a CA file (no daemon needed).</summary>
    public sealed class TlsTransportFailureTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "libvirtps-tlsunit-" + Guid.NewGuid().ToString("n").Substring(0, 8));

        public TlsTransportFailureTests()
        {
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Fact]
        public void MissingCa_IsReportedBeforeConnecting()
        {
            var plan = ConnectionPlanner.Plan("qemu+tls://192.0.2.1:1/system?pkipath=" + _dir);
            var e = Assert.Throws<LibvirtException>(() => new TlsTransport(plan, TimeSpan.FromSeconds(1), null));
            Assert.Equal("Cannot read CA certificate '" + Path.Combine(_dir, "cacert.pem") + "': No such file or directory", e.Detail);
        }

        [Fact]
        public void IsSecure()
        {
            File.WriteAllText(Path.Combine(_dir, "cacert.pem"), TestCa);
            var plan = ConnectionPlanner.Plan("qemu+tls://localhost/system?pkipath=" + _dir + "&no_sanity=1");
            Assert.True(new TlsTransport(plan, TimeSpan.FromSeconds(1), null).IsSecure);
        }

        [Theory]
        [InlineData("close")]
        [InlineData("garbage")]
        public async Task NonTlsPeer_IsAHandshakeFailure(string behaviour)
        {
            File.WriteAllText(Path.Combine(_dir, "cacert.pem"), TestCa);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.Run(async () =>
            {
                using var s = await listener.AcceptSocketAsync();
                var buf = new byte[512];
                s.Receive(buf); // the ClientHello
                if (behaviour == "garbage") s.Send(Encoding.ASCII.GetBytes("HTTP/1.0 400 Bad Request\r\n\r\n"));
                s.Shutdown(SocketShutdown.Both);
            });
            try
            {
                var plan = ConnectionPlanner.Plan("qemu+tls://127.0.0.1:" + port + "/system?pkipath=" + _dir + "&no_sanity=1");
                var transport = new TlsTransport(plan, TimeSpan.FromSeconds(5), null);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var e = await Assert.ThrowsAsync<LibvirtException>(() => transport.ConnectAsync(plan, cts.Token));
                Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
                Assert.StartsWith("TLS handshake failed ", e.Detail);
                await server;
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task SilentPeer_IsCancelledByTheToken()
        {
            File.WriteAllText(Path.Combine(_dir, "cacert.pem"), TestCa);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                var plan = ConnectionPlanner.Plan("qemu+tls://127.0.0.1:" + port + "/system?pkipath=" + _dir + "&no_sanity=1");
                var transport = new TlsTransport(plan, TimeSpan.FromSeconds(5), null);
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ConnectAsync(plan, cts.Token));
            }
            finally
            {
                listener.Stop();
            }
        }

        // a self-signed CA made once with certtool (CN = LibvirtPS unit CA, valid 2025-2125)
        private const string TestCa = @"-----BEGIN CERTIFICATE-----
MIIBfTCCASSgAwIBAgIUV1MxBcH60T6hRMOvTW0rQYD97dEwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAxMRTGlidmlydFBTIHVuaXQgQ0EwIBcNMjYxMTI2MDIxMDQ1WhgP
MjEyNjExMDIwMjEwNDVaMBwxGjAYBgNVBAMTEUxpYnZpcnRQUyB1bml0IENBMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAGbLo08V98lR52mtP0UfZW3pz+8PoM45
BeD7xpbTu/wYhltVCrtozPyKUcPUm0jln9aqxAPgAAwDzWs/YiE20aNCMEAwDwYD
VR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAgQwHQYDVR0OBBYEFOflG/6DrPyY
bAQoKof6wjxQK9duMAoGCCqGSM49BAMCA0cAMEQCIHEhFuEDBEdPEw4EQC48SgYY
yDuSU9dPE8rRWMPqUUv8AiAFT03POWCxGGebQpTlzYNurrAw0bM0a2UJn3E7D8eT
lg==
-----END CERTIFICATE-----
";
    }
}
