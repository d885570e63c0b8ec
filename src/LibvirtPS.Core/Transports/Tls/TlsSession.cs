using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcX509Certificate = Org.BouncyCastle.X509.X509Certificate;
using PkiCredentials = LibvirtPS.Core.Tls.TlsCredentials;

namespace LibvirtPS.Core.Transports.Tls
{
    /// <summary>
    /// One TLS session over a connected socket, in libvirt's steps (virNetClientSetTLSSession): handshake,
    /// check of the server certificate, the server's one-byte confirmation. The transport runs the steps and
    /// fails like libvirt; Test-LibvirtTls runs them and reports each.
    /// </summary>
    internal sealed class TlsSession : IDisposable
    {
        private readonly Socket _socket;
        private readonly TlsClientProtocol _protocol;
        private readonly LibvirtTlsClient _client;
        private bool _handedOver;

        private TlsSession(Socket socket, TlsClientProtocol protocol, LibvirtTlsClient client)
        {
            _socket = socket;
            _protocol = protocol;
            _client = client;
        }

        /// <summary>"TLS 1.3" or "TLS 1.2".</summary>
        public string ProtocolVersion { get; private set; } = "";

        /// <summary>The IANA name of the negotiated suite.</summary>
        public string CipherSuite { get; private set; } = "";

        /// <summary>The server's chain, leaf first.</summary>
        public IReadOnlyList<BcX509Certificate> PeerChain => _client.PeerChain;

        public bool ClientCertificateRequested => _client.CertificateRequested;
        public bool ClientCertificateSent => _client.CertificateSent;

        /// <summary>
        /// Handshake with the socket's peer; takes ownership of the socket (disposed on failure).
        /// Failure: AuthFailed "TLS handshake failed &lt;reason&gt;".
        /// </summary>
        public static async Task<TlsSession> HandshakeAsync(Socket socket, TlsPriority priority, PkiCredentials credentials, CancellationToken ct)
        {
            var crypto = new BcTlsCrypto(new SecureRandom());
            var chain = credentials.ClientCertificate == null ? Array.Empty<BcX509Certificate>()
                : credentials.ClientCertificateChain != null && credentials.ClientCertificateChain.Count > 0 ? credentials.ClientCertificateChain
                : new[] { credentials.ClientCertificate };
            var client = new LibvirtTlsClient(crypto, priority, chain, credentials.ClientKey);
            var protocol = new TlsClientProtocol(new NetworkStream(socket, ownsSocket: true));
            try
            {
                await RunBlockingAsync(socket, () => LibvirtPS.Core.Tls.GnuTlsKeyChecks.Apply(() => { protocol.Connect(client); return 0; }), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                socket.Dispose();
                throw HandshakeFailure(e, client);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var session = new TlsSession(socket, protocol, client);
            var sp = client.Context.SecurityParameters;
            var v = sp.NegotiatedVersion;
            session.ProtocolVersion = v == null ? "" : v.Name;
            session.CipherSuite = TlsPriority.SuiteName(sp.CipherSuite);
            return session;
        }

        /// <summary>libvirt's post-handshake checks of the server certificate; empty = valid.</summary>
        public IReadOnlyList<string> CheckServerCertificate(PkiCredentials credentials, string hostName, DateTime utcNow)
        {
            if (PeerChain.Count == 0) return new[] { "The certificate has no peers" };
            var reasons = LibvirtPS.Core.Tls.ServerCertificateValidator.Validate(PeerChain, credentials, hostName, utcNow);
            return reasons == null ? Array.Empty<string>() : reasons.ToList();
        }

        /// <summary>
        /// Reads the server's confirmation: the byte (1 = accepted), or -1 when the server closed cleanly.
        /// Throws IOException when the connection broke (libvirtd drops clients it rejects).
        /// </summary>
        public Task<int> ReadConfirmationAsync(CancellationToken ct) =>
            RunBlockingAsync(_socket, () =>
            {
                var buf = new byte[1];
                int n = _protocol.Stream.Read(buf, 0, 1);
                return n <= 0 ? -1 : buf[0];
            }, ct);

        /// <summary>The application data stream; the session no longer owns the socket after this.</summary>
        public Stream DetachStream()
        {
            _handedOver = true;
            return new TlsApplicationStream(_protocol, _socket);
        }

        public void Dispose()
        {
            if (_handedOver) return;
            try { _socket.Dispose(); } catch (ObjectDisposedException) { }
        }

        internal static LibvirtException HandshakeFailure(Exception e, LibvirtTlsClient? client)
        {
            string reason = DescribeTlsError(e);
            return new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc, "TLS handshake failed " + reason, inner: e)
            {
                Hint = "Check that the port is libvirtd's TLS listener (listen_tls, default 16514) and that tls_priority leaves a version and " +
                       "cipher suite the daemon accepts (its own tls_priority in libvirtd.conf). Test-LibvirtTls shows the details.",
            };
        }

        /// <summary>GnuTLS-like words for an engine failure.</summary>
        internal static string DescribeTlsError(Exception e)
        {
            switch (e)
            {
                case TlsFatalAlertReceived r:
                    return "A TLS fatal alert has been received: " + AlertDescription.GetText(r.AlertDescription);
                case TlsFatalAlert a:
                    return "A TLS fatal alert was raised: " + AlertDescription.GetText(a.AlertDescription) +
                           (string.IsNullOrEmpty(a.Message) || a.Message == AlertDescription.GetText(a.AlertDescription) ? "" : " (" + a.Message + ")");
                case TlsNoCloseNotifyException _:
                case EndOfStreamException _:
                    return "The TLS connection was non-properly terminated.";
                case IOException io when io.InnerException is SocketException se:
                    return "Error in the push function. (" + SocketErrors.Describe(se) + ")";
                case IOException io2 when io2.Message.Length > 0:
                    return io2.Message;
                default:
                    return e.Message;
            }
        }

        /// <summary>Runs blocking engine work off the caller's thread; cancellation closes the socket to end it.</summary>
        internal static async Task<T> RunBlockingAsync<T>(Socket socket, Func<T> work, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            using (ct.Register(() => { try { socket.Dispose(); } catch (ObjectDisposedException) { } }))
            {
                try
                {
                    return await Task.Run(work).ConfigureAwait(false);
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    throw new OperationCanceledException(ct);
                }
            }
        }
    }

    /// <summary>
    /// The TLS application data as the RPC layer's duplex stream. Reads run on the RPC reader thread; writes are
    /// serialised here and done synchronously (BouncyCastle's stream has no async path, and the base Stream's
    /// async emulation would serialise a write behind a pending read).
    /// </summary>
    internal sealed class TlsApplicationStream : Stream
    {
        private readonly TlsClientProtocol _protocol;
        private readonly Socket _socket;
        private readonly Stream _inner;
        private readonly object _writeLock = new object();
        private int _disposed;

        public TlsApplicationStream(TlsClientProtocol protocol, Socket socket)
        {
            _protocol = protocol;
            _socket = socket;
            _inner = protocol.Stream;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            return n < 0 ? 0 : n;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_writeLock) _inner.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override void Flush()
        {
            lock (_writeLock) _inner.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return Task.CompletedTask;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                // close_notify when the connection still works; the socket goes either way (it unblocks the reader)
                try { lock (_writeLock) _protocol.Close(); } catch (Exception) { }
                try { _socket.Dispose(); } catch (ObjectDisposedException) { }
            }
            base.Dispose(disposing);
        }
    }
}
