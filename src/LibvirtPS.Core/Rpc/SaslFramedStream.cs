using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// A negotiated SASL security layer over a byte stream, framed as cyrus-sasl and libvirt do it (facts §6.4):
    /// every frame is a 4-byte big-endian length N and N bytes of <see cref="ISaslSecurityLayer.Wrap"/> output.
    /// Writes are cut into blocks of at most <see cref="ISaslSecurityLayer.MaxPlaintext"/> bytes, one frame each,
    /// and sent in one write of the inner stream; reads reassemble frames however the inner stream splits or joins
    /// them and hand out the plaintext. Reading and writing keep separate state: one reader thread and one writer
    /// (serialised by the caller) may use the stream at the same time. Disposing does not close the inner stream
    /// unless asked to.
    /// </summary>
    public sealed class SaslFramedStream : Stream
    {
        /// <summary>Largest frame accepted (cyrus refuses anything above its maxbuf; 16 MiB is far beyond any real one).</summary>
        public const int MaxFrameLength = 16 * 1024 * 1024;

        /// <summary>The shortest sensible frame: DIGEST-MD5's 16-byte trailer (10-byte MAC, type, sequence number).</summary>
        public const int DefaultMinFrameLength = DigestMd5SecurityLayer.TrailerLength;

        private const int RawChunk = 65536 + 4;

        private readonly Stream _inner;
        private readonly ISaslSecurityLayer _layer;
        private readonly bool _leaveOpen;
        private readonly int _minFrameLength;
        private readonly object _readLock = new object();

        // raw bytes taken from the inner stream, not yet decoded: _raw[_rawStart.._rawEnd)
        private byte[] _raw = new byte[RawChunk];
        private int _rawStart, _rawEnd;

        // decoded plaintext not yet handed out
        private byte[] _plain = new byte[0];
        private int _plainStart;
        private bool _disposed;

        public SaslFramedStream(Stream inner, ISaslSecurityLayer layer, bool leaveOpen = true, int minFrameLength = DefaultMinFrameLength)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _layer = layer ?? throw new ArgumentNullException(nameof(layer));
            _leaveOpen = leaveOpen;
            _minFrameLength = Math.Max(0, minFrameLength);
            if (layer.MaxPlaintext <= 0) throw new ArgumentException("the layer's MaxPlaintext must be positive", nameof(layer));
        }

        public ISaslSecurityLayer Layer => _layer;

        /// <summary>
        /// Raw bytes that were already taken from the inner stream but belong to the framed data (the reader had
        /// them in flight when the layer was switched on). They are decoded before anything else is read.
        /// </summary>
        public void AddReceivedBytes(byte[] buffer, int offset, int count)
        {
            if (count <= 0) return;
            lock (_readLock)
            {
                EnsureRawSpace(count);
                Buffer.BlockCopy(buffer, offset, _raw, _rawEnd, count);
                _rawEnd += count;
            }
        }

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (count == 0) return 0;
            lock (_readLock)
            {
                while (_plainStart >= _plain.Length)
                {
                    if (!NextFrame()) return 0;
                }
                int n = Math.Min(count, _plain.Length - _plainStart);
                Buffer.BlockCopy(_plain, _plainStart, buffer, offset, n);
                _plainStart += n;
                return n;
            }
        }

        /// <summary>Decodes the next frame into _plain; false at a clean end of the inner stream (between frames).</summary>
        private bool NextFrame()
        {
            while (_rawEnd - _rawStart < 4)
            {
                if (!FillRaw())
                {
                    if (_rawEnd == _rawStart) return false;
                    throw new EndOfStreamException("the peer closed the connection inside a SASL frame length");
                }
            }
            uint length = DigestMd5SecurityLayer.ReadUInt32(_raw, _rawStart);
            if (length > MaxFrameLength)
                throw FrameError("SASL frame of " + length + " bytes is larger than the limit of " + MaxFrameLength + " bytes");
            if (length < (uint)_minFrameLength)
                throw FrameError("SASL frame of " + length + " bytes is shorter than the " + _minFrameLength + "-byte MAC trailer");
            int frameLength = (int)length;
            while (_rawEnd - _rawStart < 4 + frameLength)
            {
                if (!FillRaw()) throw new EndOfStreamException("the peer closed the connection inside a SASL frame");
            }
            _plain = _layer.Unwrap(_raw, _rawStart + 4, frameLength);
            _plainStart = 0;
            _rawStart += 4 + frameLength;
            if (_rawStart == _rawEnd) _rawStart = _rawEnd = 0;
            return true;
        }

        private bool FillRaw()
        {
            if (_rawStart > 0)
            {
                Buffer.BlockCopy(_raw, _rawStart, _raw, 0, _rawEnd - _rawStart);
                _rawEnd -= _rawStart;
                _rawStart = 0;
            }
            // room for at least the frame being assembled (frames above 64 KiB are allowed up to the limit)
            int need = 4;
            if (_rawEnd >= 4) need = 4 + (int)Math.Min(DigestMd5SecurityLayer.ReadUInt32(_raw, 0), (uint)MaxFrameLength);
            if (need > _raw.Length) Array.Resize(ref _raw, need);
            if (_rawEnd == _raw.Length) Array.Resize(ref _raw, _raw.Length * 2);
            int n = _inner.Read(_raw, _rawEnd, _raw.Length - _rawEnd);
            if (n <= 0) return false;
            _rawEnd += n;
            return true;
        }

        private void EnsureRawSpace(int count)
        {
            if (_rawEnd + count <= _raw.Length) return;
            if (_rawStart > 0)
            {
                Buffer.BlockCopy(_raw, _rawStart, _raw, 0, _rawEnd - _rawStart);
                _rawEnd -= _rawStart;
                _rawStart = 0;
            }
            if (_rawEnd + count > _raw.Length) Array.Resize(ref _raw, Math.Max(_raw.Length * 2, _rawEnd + count));
        }

        private static LibvirtException FrameError(string why) =>
            new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc, "failed to decode SASL data: " + why);

        /// <summary>All frames of <paramref name="count"/> plaintext bytes, length words included, in one buffer.</summary>
        public byte[] Encode(byte[] buffer, int offset, int count)
        {
            int max = _layer.MaxPlaintext;
            var frames = new System.Collections.Generic.List<byte[]>();
            int total = 0;
            for (int done = 0; done < count; )
            {
                int n = Math.Min(max, count - done);
                var body = _layer.Wrap(buffer, offset + done, n);
                frames.Add(body);
                total += 4 + body.Length;
                done += n;
            }
            var output = new byte[total];
            int o = 0;
            foreach (var body in frames)
            {
                DigestMd5SecurityLayer.WriteUInt32(output, o, (uint)body.Length);
                Buffer.BlockCopy(body, 0, output, o + 4, body.Length);
                o += 4 + body.Length;
            }
            return output;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (count == 0) return;
            var output = Encode(buffer, offset, count);
            _inner.Write(output, 0, output.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (count == 0) return Task.CompletedTask;
            var output = Encode(buffer, offset, count);
            return _inner.WriteAsync(output, 0, output.Length, cancellationToken);
        }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                if (!_leaveOpen) _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
