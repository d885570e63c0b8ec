using System;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// One framed message: the length word (counting itself), the header, then the XDR (or raw stream) payload.
    /// </summary>
    public sealed class RpcPacket
    {
        public RpcPacket(RpcHeader header, byte[] buffer, int payloadOffset, int payloadLength)
        {
            Header = header;
            Buffer = buffer;
            PayloadOffset = payloadOffset;
            PayloadLength = payloadLength;
        }

        public RpcHeader Header { get; }
        public byte[] Buffer { get; }
        public int PayloadOffset { get; }
        public int PayloadLength { get; }

        public XdrReader PayloadReader() => new XdrReader(Buffer, PayloadOffset, PayloadLength);

        /// <summary>Encodes a whole packet: length word, header, body.</summary>
        public static byte[] Encode(RpcHeader header, IXdrSerializable? body)
        {
            var w = new XdrWriter(64);
            w.WriteUInt32(0);
            header.WriteTo(w);
            body?.WriteTo(w);
            if (w.Length - XdrLimits.LengthSize > XdrLimits.MessageMax)
                throw new XdrException("message of " + w.Length + " bytes is over libvirt's limit of " + (XdrLimits.MessageMax + XdrLimits.LengthSize));
            w.PatchUInt32(0, (uint)w.Length);
            return w.ToArray();
        }

        /// <summary>Encodes a stream packet: the payload bytes are raw (no XDR length, no padding).</summary>
        public static byte[] EncodeRaw(RpcHeader header, byte[] data, int offset, int count)
        {
            var w = new XdrWriter(28 + count);
            w.WriteUInt32(0);
            header.WriteTo(w);
            w.WriteRaw(data, offset, count);
            w.PatchUInt32(0, (uint)w.Length);
            return w.ToArray();
        }

        /// <summary>
        /// Checks a length word as libvirt's reader does: at least a header, at most VIR_NET_MESSAGE_MAX after the word.
        /// Returns the body length (header + payload) or throws.
        /// </summary>
        public static int CheckLength(uint length)
        {
            // libvirt (virNetMessageDecodeLength) prints the unsigned length with %d: keep its wording and its sign.
            if (length < XdrLimits.LengthSize)
                throw new XdrException("packet " + unchecked((int)length) + " bytes received from server too small, want " + XdrLimits.LengthSize);
            if (length < XdrLimits.LengthSize + XdrLimits.HeaderSize)
                throw new XdrException("packet length " + length + " is shorter than a header (28 bytes)");
            if (length - XdrLimits.LengthSize > XdrLimits.MessageMax)
                throw new XdrException("packet " + unchecked((int)(length - XdrLimits.LengthSize)) + " bytes received from server too large, want " + XdrLimits.MessageMax);
            return (int)(length - XdrLimits.LengthSize);
        }

        /// <summary>Decodes a complete packet held in <paramref name="whole"/> (length word included).</summary>
        public static RpcPacket Decode(byte[] whole)
        {
            var r = new XdrReader(whole);
            int body = CheckLength(r.ReadUInt32());
            if (body + XdrLimits.LengthSize != whole.Length)
                throw new XdrException("packet length word says " + (body + 4) + " bytes but " + whole.Length + " are present");
            var header = RpcHeader.ReadFrom(r);
            return new RpcPacket(header, whole, r.Position, whole.Length - r.Position);
        }

        /// <summary>Decodes a header+payload body (length word already consumed).</summary>
        public static RpcPacket DecodeBody(byte[] body, int count)
        {
            var r = new XdrReader(body, 0, count);
            var header = RpcHeader.ReadFrom(r);
            return new RpcPacket(header, body, r.Position, count - r.Position);
        }
    }
}
