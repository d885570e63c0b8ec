using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// A download stream of the embedded test driver over a local file (the screenshot: libvirt's test driver streams
    /// PKGDATADIR/test-screenshot.png with virFDStreamOpenFile). Chunks of libvirt's packet size.
    /// </summary>
    internal sealed class TestDataStream : IDataStream
    {
        private readonly Stream _source;
        private readonly byte[] _buffer = new byte[RpcStream.ChunkSize];
        private bool _ended;

        public TestDataStream(Stream source) { _source = source; }

        public Task SendAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("this stream is a download");

        public Task SendPacketAsync(byte[] packet, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("this stream is a download");

        public Task SendHoleAsync(long length, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("this stream is a download");

        public RpcStreamChunk Receive(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_ended) return RpcStreamChunk.End;
            int n = _source.Read(_buffer, 0, _buffer.Length);
            if (n == 0)
            {
                _ended = true;
                return RpcStreamChunk.End;
            }
            return RpcStreamChunk.Data(_buffer, 0, n);
        }

        public Task FinishAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            _source.Dispose();
            return Task.CompletedTask;
        }

        public Task AbortAsync(TimeSpan timeout)
        {
            _source.Dispose();
            return Task.CompletedTask;
        }

        public void Dispose() => _source.Dispose();
    }
}
