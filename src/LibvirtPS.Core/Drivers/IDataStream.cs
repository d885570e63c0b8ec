using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// A libvirt stream (virStreamPtr) opened by an upload, a download or a screenshot. Send for uploads, Receive for
    /// downloads; Finish ends it with the daemon's confirmation, Abort (or Dispose) gives it up.
    /// </summary>
    public interface IDataStream : IDisposable
    {
        Task SendAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

        /// <summary>
        /// One data packet built in place: <paramref name="packet"/> starts with RpcStream.PacketOverhead free bytes,
        /// then <paramref name="count"/> data bytes (at most RpcStream.ChunkSize); the buffer is sent without a copy.
        /// </summary>
        Task SendPacketAsync(byte[] packet, int count, CancellationToken cancellationToken);

        /// <summary>A hole (sparse streams only).</summary>
        Task SendHoleAsync(long length, CancellationToken cancellationToken);

        /// <summary>The next data, hole or end; slices stay valid until the next call.</summary>
        RpcStreamChunk Receive(TimeSpan timeout, CancellationToken cancellationToken);

        Task FinishAsync(TimeSpan timeout, CancellationToken cancellationToken);

        Task AbortAsync(TimeSpan timeout);
    }
}
