using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Transports
{
    /// <summary>A unix domain socket on this machine (Linux, macOS, Windows 10+).</summary>
    public sealed class UnixSocketTransport : ITransport
    {
        public bool IsSecure => true;

        public Task<Stream> ConnectAsync(ConnectionPlan plan, CancellationToken cancellationToken)
        {
            // errors in the task, as from an async method
            try
            {
                return Task.FromResult(Connect(plan, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<Stream>(cancellationToken);
            }
            catch (Exception e)
            {
                return Task.FromException<Stream>(e);
            }
        }

        private static Stream Connect(ConnectionPlan plan, CancellationToken cancellationToken)
        {
            string path = plan.SocketPath ?? throw new InvalidOperationException("the plan has no socket path");
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                // a blocking connect (a local socket answers at once; the daemon's accept backlog aside) keeps the
                // descriptor blocking, which the stream needs (see BlockingNetworkStream)
                using (cancellationToken.Register(() => socket.Dispose()))
                {
                    socket.Connect(UnixEndPointFactory.Create(path));
                }
                return new BlockingNetworkStream(socket);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                string detail = "Failed to connect socket to '" + path + "': " + SocketErrors.Describe(e);
                throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc, detail, inner: e)
                {
                    Hint = e.SocketErrorCode == SocketError.AddressNotAvailable || e.SocketErrorCode == SocketError.ConnectionRefused
                        ? "Is the daemon running? Check that " + path + " exists (systemctl status libvirtd, or virtqemud with mode=direct), or give socket=."
                        : null,
                };
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                throw;
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }
}
