using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Remote
{
    /// <summary>The driver-level face of an RPC stream.</summary>
    internal sealed class RemoteDataStream : IDataStream
    {
        private readonly RpcStream _stream;

        public RemoteDataStream(RpcStream stream) { _stream = stream; }

        public Task SendAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _stream.SendAsync(buffer, offset, count, cancellationToken);

        public Task SendPacketAsync(byte[] packet, int count, CancellationToken cancellationToken) =>
            _stream.SendPacketAsync(packet, count, cancellationToken);

        public Task SendHoleAsync(long length, CancellationToken cancellationToken) => _stream.SendHoleAsync(length, cancellationToken);

        public RpcStreamChunk Receive(TimeSpan timeout, CancellationToken cancellationToken) => _stream.Receive(timeout, cancellationToken);

        public Task FinishAsync(TimeSpan timeout, CancellationToken cancellationToken) => _stream.FinishAsync(timeout, cancellationToken);

        public Task AbortAsync(TimeSpan timeout) => _stream.AbortAsync(timeout);

        public void Dispose() => _stream.Dispose();
    }
}
