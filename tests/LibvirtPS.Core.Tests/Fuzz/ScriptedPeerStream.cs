using System;
using System.IO;

namespace LibvirtPS.Core.Tests.Fuzz
{
    /// <summary>A peer that sends fixed bytes (a few at a time) and then hangs up; what the client writes is dropped.</summary>
    internal sealed class ScriptedPeerStream : Stream
    {
        private readonly byte[] _incoming;
        private readonly int _chunk;
        private int _position;

        public ScriptedPeerStream(byte[] incoming, int chunk)
        {
            _incoming = incoming;
            _chunk = Math.Max(1, chunk);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, _chunk), _incoming.Length - _position);
            Buffer.BlockCopy(_incoming, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) { }
        public override void Flush() { }
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
