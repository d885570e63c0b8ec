using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// TCP to the plan's host and port: every address the name resolves to is tried in order, each with the
    /// connect timeout, as libvirt's virNetSocketNewConnectTCP does (it has no timeout of its own).
    /// </summary>
    public sealed class TcpTransport : ITransport
    {
        private readonly TimeSpan _connectTimeout;

        public TcpTransport(TimeSpan connectTimeout)
        {
            _connectTimeout = connectTimeout;
        }

        public bool IsSecure => false;

        public async Task<Stream> ConnectAsync(ConnectionPlan plan, CancellationToken cancellationToken)
        {
            var socket = await ConnectSocketAsync(plan.Host, plan.Port ?? 16509, _connectTimeout, cancellationToken).ConfigureAwait(false);
            return new BlockingNetworkStream(socket);
        }

        /// <summary>
        /// A blocking connect on a thread of its own (disposing the socket ends it), not the socket's async connect: an
        /// async operation makes the descriptor non-blocking for good, and every later read would then be woken through
        /// the runtime's socket engine instead of by the kernel (see BlockingNetworkStream). Its own thread, because a
        /// connect to an unreachable host can wait for the whole timeout and must not hold a pool thread meanwhile.
        /// </summary>
        private static Task ConnectBlockingAsync(Socket socket, EndPoint endPoint) =>
            Task.Factory.StartNew(() => socket.Connect(endPoint), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        /// <summary>Shared with TLS: a connected TCP socket with Nagle off (RPC messages are small and latency-bound).</summary>
        internal static async Task<Socket> ConnectSocketAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
        {
            IPAddress[] addresses;
            if (IPAddress.TryParse(host, out var literal))
            {
                addresses = new[] { literal };
            }
            else
            {
                try
                {
                    addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                        "Unable to resolve address '" + host + "' service '" + port + "': " + SocketErrors.Describe(e), inner: e);
                }
            }

            Exception? last = null;
            foreach (var address in addresses)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                using (var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeoutCts.CancelAfter(timeout);
                    try
                    {
                        using (timeoutCts.Token.Register(() => socket.Dispose()))
                        {
                            await ConnectBlockingAsync(socket, new IPEndPoint(address, port)).ConfigureAwait(false);
                        }
                        // the timeout fired as the connect succeeded: the socket may be disposed already
                        if (timeoutCts.IsCancellationRequested) throw new ObjectDisposedException(nameof(Socket));
                        return socket;
                    }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                    {
                        socket.Dispose();
                        cancellationToken.ThrowIfCancellationRequested();
                        // a connect cut short by the timeout fails with whatever the closed socket said; it is a timeout
                        last = e is SocketException se && !timeoutCts.IsCancellationRequested ? se : new SocketException((int)SocketError.TimedOut);
                    }
                }
            }

            string reason = last is SocketException sx ? SocketErrors.Describe(sx) : "no address";
            throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                "unable to connect to server at '" + host + ":" + port + "': " + reason, inner: last)
            {
                Hint = "Check that the daemon listens there (libvirtd --listen with listen_tcp/listen_tls, or the libvirtd-tcp/-tls sockets) and that no firewall blocks port " + port + ".",
            };
        }
    }
}
