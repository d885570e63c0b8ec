using System;
using System.Text;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// Big-endian XDR decoder over a byte range. Every length is checked against both its declared limit and
    /// the bytes that remain, so hostile input cannot make it allocate more than the message it came in.
    /// </summary>
    public sealed class XdrReader
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _position;

        public XdrReader(byte[] buffer) : this(buffer, 0, buffer.Length) { }

        public XdrReader(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + count;
        }

        public int Position => _position;
        public int Remaining => _end - _position;

        private void Need(int count)
        {
            if (count < 0 || _end - _position < count)
                throw new XdrException("message truncated: needed " + count + " more bytes, " + (_end - _position) + " left");
        }

        public uint ReadUInt32()
        {
            Need(4);
            uint v = (uint)(_buffer[_position] << 24 | _buffer[_position + 1] << 16 | _buffer[_position + 2] << 8 | _buffer[_position + 3]);
            _position += 4;
            return v;
        }

        public int ReadInt32() => unchecked((int)ReadUInt32());

        public ulong ReadUInt64() => ((ulong)ReadUInt32() << 32) | ReadUInt32();

        public long ReadInt64() => unchecked((long)ReadUInt64());

        public bool ReadBool() => ReadUInt32() != 0;

        public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

        public float ReadSingle() => BitConverter.ToSingle(BitConverter.GetBytes(ReadInt32()), 0);

        private int ReadLength(string what, int max)
        {
            uint length = ReadUInt32();
            if (length > (uint)max) throw XdrException.TooLong(what, length, max);
            return (int)length;
        }

        private byte[] ReadPadded(int count)
        {
            int padded = (count + 3) & ~3;
            Need(padded);
            var bytes = new byte[count];
            Buffer.BlockCopy(_buffer, _position, bytes, 0, count);
            _position += padded;
            return bytes;
        }

        public byte[] ReadOpaque(int max = int.MaxValue) => ReadPadded(ReadLength("opaque", max));

        public byte[] ReadFixedOpaque(int length) => ReadPadded(length);

        public string ReadString(int max = XdrLimits.StringMax)
        {
            int length = ReadLength("string", max);
            int padded = (length + 3) & ~3;
            Need(padded);
            string s = Encoding.UTF8.GetString(_buffer, _position, length);
            _position += padded;
            return s;
        }

        public byte[] ReadCharArray(int max = int.MaxValue)
        {
            int length = ReadLength("char array", max);
            return ReadFixedCharArray(length);
        }

        /// <summary>Each element is a 4-byte int of which only the low byte is kept.</summary>
        public byte[] ReadFixedCharArray(int length)
        {
            // length * 4 would overflow for a hostile count: compare against the words left instead.
            if (length < 0 || length > Remaining / 4)
                throw new XdrException("message truncated: needed " + (4L * length) + " more bytes, " + Remaining + " left");
            var bytes = new byte[length];
            for (int i = 0; i < length; i++) bytes[i] = (byte)ReadUInt32();
            return bytes;
        }

        /// <summary>The count of a variable array, checked against its limit and the bytes left (each element takes at least 4).</summary>
        public int ReadArrayCount(int max, int minElementSize = 4)
        {
            uint announced = ReadUInt32();
            if (announced > (uint)max)
                throw new XdrException("array of " + announced + " elements is over the limit of " + max);
            int count = (int)announced;
            Need(Math.Min(count, int.MaxValue / Math.Max(1, minElementSize)) * Math.Max(0, minElementSize));
            return count;
        }

        /// <summary>The rest as raw bytes (stream payloads).</summary>
        public byte[] ReadRemaining()
        {
            var bytes = new byte[Remaining];
            Buffer.BlockCopy(_buffer, _position, bytes, 0, bytes.Length);
            _position = _end;
            return bytes;
        }

        /// <summary>Fails when bytes are left over: a reply longer than its declared type is malformed.</summary>
        public void EnsureEnd()
        {
            if (_position != _end) throw new XdrException((_end - _position) + " unexpected bytes after the message body");
        }
    }
}
