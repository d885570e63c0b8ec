using System;
using System.Text;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>Big-endian XDR encoder into a growable buffer (RFC 4506 as libvirt uses it).</summary>
    public sealed class XdrWriter
    {
        private byte[] _buffer;
        private int _length;

        public XdrWriter(int capacity = 256)
        {
            _buffer = new byte[Math.Max(16, capacity)];
        }

        public int Length => _length;

        /// <summary>The bytes written so far (a view of the internal buffer).</summary>
        public ArraySegment<byte> Written => new ArraySegment<byte>(_buffer, 0, _length);

        public byte[] ToArray()
        {
            var copy = new byte[_length];
            Buffer.BlockCopy(_buffer, 0, copy, 0, _length);
            return copy;
        }

        /// <summary>Overwrites a 4-byte word already written (the packet length, once the body is known).</summary>
        public void PatchUInt32(int offset, uint value)
        {
            _buffer[offset] = (byte)(value >> 24);
            _buffer[offset + 1] = (byte)(value >> 16);
            _buffer[offset + 2] = (byte)(value >> 8);
            _buffer[offset + 3] = (byte)value;
        }

        private void Ensure(int more)
        {
            long needed = (long)_length + more;
            if (needed <= _buffer.Length) return;
            // Doubling in int arithmetic overflowed to 0 past 1 GiB and then looped forever.
            const int largest = 0x7FFFFFC7; // Array.MaxLength for byte[]
            if (needed > largest) throw new XdrException("cannot encode " + needed + " bytes: over the largest buffer");
            long size = (long)_buffer.Length * 2;
            while (size < needed) size *= 2;
            Array.Resize(ref _buffer, (int)Math.Min(size, largest));
        }

        public void WriteUInt32(uint value)
        {
            Ensure(4);
            PatchUInt32(_length, value);
            _length += 4;
        }

        public void WriteInt32(int value) => WriteUInt32(unchecked((uint)value));

        public void WriteUInt64(ulong value)
        {
            WriteUInt32((uint)(value >> 32));
            WriteUInt32((uint)value);
        }

        public void WriteInt64(long value) => WriteUInt64(unchecked((ulong)value));

        public void WriteBool(bool value) => WriteUInt32(value ? 1u : 0u);

        public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

        public void WriteSingle(float value) => WriteInt32(BitConverter.ToInt32(BitConverter.GetBytes(value), 0));

        /// <summary>Raw bytes with zero padding to a multiple of 4 (the body of opaque and string).</summary>
        public void WritePadded(byte[] bytes, int offset, int count)
        {
            int padded = (count + 3) & ~3;
            Ensure(padded);
            Buffer.BlockCopy(bytes, offset, _buffer, _length, count);
            for (int i = count; i < padded; i++) _buffer[_length + i] = 0;
            _length += padded;
        }

        /// <summary>Raw bytes, no length word, no padding (stream payloads).</summary>
        public void WriteRaw(byte[] bytes, int offset, int count)
        {
            Ensure(count);
            Buffer.BlockCopy(bytes, offset, _buffer, _length, count);
            _length += count;
        }

        public void WriteOpaque(byte[] bytes, int max = int.MaxValue)
        {
            if (bytes.Length > max) throw XdrException.TooLong("opaque", bytes.Length, max);
            WriteUInt32((uint)bytes.Length);
            WritePadded(bytes, 0, bytes.Length);
        }

        public void WriteFixedOpaque(byte[] bytes, int length)
        {
            if (bytes.Length != length) throw new XdrException("fixed opaque needs " + length + " bytes, got " + bytes.Length);
            WritePadded(bytes, 0, length);
        }

        public void WriteString(string value, int max = XdrLimits.StringMax)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length > max) throw XdrException.TooLong("string", bytes.Length, max);
            WriteUInt32((uint)bytes.Length);
            WritePadded(bytes, 0, bytes.Length);
        }

        /// <summary><c>char x&lt;N&gt;</c>: a count, then each byte as a sign-extended 4-byte int (glibc xdr_char).</summary>
        public void WriteCharArray(byte[] bytes, int max = int.MaxValue)
        {
            if (bytes.Length > max) throw XdrException.TooLong("char array", bytes.Length, max);
            WriteUInt32((uint)bytes.Length);
            WriteFixedCharArray(bytes, bytes.Length);
        }

        /// <summary><c>char x[N]</c>: exactly N 4-byte ints.</summary>
        public void WriteFixedCharArray(byte[] bytes, int length)
        {
            if (bytes.Length > length) throw XdrException.TooLong("char array", bytes.Length, length);
            for (int i = 0; i < length; i++) WriteInt32(i < bytes.Length ? (sbyte)bytes[i] : 0);
        }
    }
}
