using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// A socket stream that stays in blocking mode: writes are synchronous system calls on the caller's thread (as
    /// libvirt's own client writes), so the socket never gets an asynchronous operation.
    /// <para>
    /// Why: on Linux/macOS, .NET switches a socket to non-blocking mode for good at its first asynchronous operation
    /// (a BeginConnect, a WriteAsync) and from then on emulates every blocking Read: each read that finds no data
    /// parks on an event that .NET's epoll thread, via a thread-pool work item, sets when data arrives; data that
    /// arrives while no read waits also costs a thread-pool work item. The RPC reader thread reads continuously, so
    /// a 256 MiB volume download (about 2000 waits) cost about five times the CPU of a blocking read and a
    /// thread-pool worker spinning next to it, and ran slower than virsh vol-download. A blocking socket wakes the
    /// reader straight from the kernel.
    /// </para>
    /// <para>
    /// A write blocks its caller while the daemon does not read (libvirt's client does the same); the RPC reader
    /// thread never writes through here itself (its keepalive answers go to the thread pool), so a full socket can
    /// not stop replies from being read. Closing the stream unblocks a pending write or read.
    /// </para>
    /// </summary>
    internal sealed class BlockingSocketStream : NetworkStream
    {
        public BlockingSocketStream(Socket socket) : base(socket, ownsSocket: true) { }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
            try
            {
                Write(buffer, offset, count);
                return Task.CompletedTask;
            }
            catch (Exception e)
            {
                return Task.FromException(e);
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        // reads are the reader thread's blocking Read; an asynchronous read would switch the socket to emulation
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<int>(cancellationToken);
            return Task.Run(() => Read(buffer, offset, count), cancellationToken);
        }
    }
}
