// The tls transport: libvirt's virNetClientSetTLSSession on top of TcpTransport's socket.
//
// Engine: BouncyCastle's TLS (Org.BouncyCastle.Tls: TlsClientProtocol over the socket's NetworkStream, a
// DefaultTlsClient subclass with BcTlsCrypto), deliberately not SslStream:
//   * the core is netstandard2.0 and must run in Windows PowerShell 5.1: there X509Certificate2 cannot load a PEM
//     client key (libvirt's clientkey.pem, PKCS#1 or PKCS#8, RSA or ECDSA) — BouncyCastle reads them everywhere;
//   * the same behaviour and cipher control on every OS: SslStream is OpenSSL on Linux, SChannel on Windows, with
//     different TLS 1.3 support, client certificate handling and no portable way to pick versions and suites,
//     which tls_priority needs;
//   * full control of verification: libvirt checks the server with its own rules (its CA file only, CRL,
//     dates, key usage, purpose, host name against the URI host) after the handshake and, with no_verify=1, only
//     warns — never the OS trust store. SslStream's callback could approximate that, the rest it cannot.
// TLS 1.2 and 1.3; no SNI (libvirt sets none).

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Transports.Tls;
using LibvirtPS.Core.Uris;
using PkiCredentials = LibvirtPS.Core.Tls.TlsCredentials;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// TLS from the first byte to the plan's host and port (default 16514), libvirt's checks of the server
    /// certificate, then the server's one-byte confirmation; RPC runs inside the TLS stream.
    /// </summary>
    public sealed class TlsTransport : ITransport
    {
        public const int DefaultPort = 16514;

        private readonly TimeSpan _connectTimeout;
        private readonly IRpcTrace? _trace;
        private readonly PkiCredentials _credentials;

        /// <summary>
        /// Builds the TLS context as libvirt does before any network activity: locates and loads the CA (mandatory),
        /// CRL and client certificate/key, and runs the sanity checks unless <c>no_sanity=1</c>. So a missing CA
        /// file is reported even when the host is unreachable.
        /// </summary>
        public TlsTransport(ConnectionPlan plan, TimeSpan connectTimeout, IRpcTrace? trace)
        {
            if (plan.Pki == null)
                throw new ArgumentException("the plan has no TLS files (not a tls plan)", nameof(plan));
            _connectTimeout = connectTimeout;
            _trace = trace;
            _credentials = PkiCredentials.Load(plan.Pki, !plan.NoSanity);
            foreach (var w in _credentials.Warnings ?? (IEnumerable<string>)Array.Empty<string>()) Trace("TLS warning: " + w);
        }

        public bool IsSecure => true;

        public async Task<Stream> ConnectAsync(ConnectionPlan plan, CancellationToken cancellationToken)
        {
            int port = plan.Port ?? DefaultPort;
            var socket = await TcpTransport.ConnectSocketAsync(plan.Host, port, _connectTimeout, cancellationToken).ConfigureAwait(false);

            TlsPriority priority;
            try
            {
                // libvirt sets the priority on the new session, i.e. after the TCP connect
                priority = TlsPriority.Parse(plan.TlsPriority);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            var session = await TlsSession.HandshakeAsync(socket, priority, _credentials, cancellationToken).ConfigureAwait(false);
            try
            {
                Trace("TLS handshake done: " + session.ProtocolVersion + ", " + session.CipherSuite +
                      (session.ClientCertificateSent ? ", client certificate sent" : session.ClientCertificateRequested ? ", server asked for a client certificate; none sent" : ""));

                var reasons = session.CheckServerCertificate(_credentials, plan.Host, DateTime.UtcNow);
                if (reasons.Count > 0)
                {
                    foreach (var r in reasons) Trace("Certificate check failed " + r);
                    if (!plan.NoVerify)
                    {
                        throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc, "Failed to verify peer's certificate")
                        {
                            Hint = string.Join("; ", reasons) + ". Fix the server certificate or the CA file, or connect with no_verify=1 " +
                                   "(-NoVerify) to only warn. Test-LibvirtTls shows every check.",
                        };
                    }
                    Trace("no_verify=1: ignoring the failed certificate checks");
                }

                int confirmation;
                try
                {
                    confirmation = await session.ReadConfirmationAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                        "Unable to read TLS confirmation: Input/output error", inner: e)
                    {
                        Hint = "The daemon closed the connection after the handshake: it rejected our certificate (" +
                               (session.ClientCertificateSent ? "not signed by its CA, or its DN is not in tls_allowed_dn_list" : "none was sent: clientcert.pem/clientkey.pem missing") +
                               "). Test-LibvirtTls shows the client certificate's DN.",
                    };
                }
                if (confirmation != 1)
                {
                    throw new LibvirtException(LibvirtErrorCode.Rpc, LibvirtErrorDomain.Rpc,
                        "server verification (of our certificate or IP address) failed");
                }
                Trace("daemon accepted the client (confirmation byte)");
                return session.DetachStream();
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        private void Trace(string line)
        {
            if (_trace != null && _trace.Enabled) _trace.Write(line);
        }
    }
}
