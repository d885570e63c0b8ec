// SaslFramedStream: the 4-byte length + body framing of a SASL security layer (facts §6.4), with a transparent
// test layer (so the framing itself is visible) and with DIGEST-MD5's rc4 layer against its server-side mirror;
// plus RpcClient.UseSecurityLayer against a scripted peer that switches exactly as libvirtd does.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;

namespace LibvirtPS.Core.Tests.Rpc
{
    public sealed class SaslFramedStreamTests
    {
        /// <summary>A layer that adds a 16-byte trailer "TTTT..." and nothing else; records the block sizes.</summary>
        private sealed class MarkerLayer : ISaslSecurityLayer
        {
            public MarkerLayer(int max) { MaxPlaintext = max; }
            public int Ssf => 56;
            public int MaxPlaintext { get; }
            public List<int> Wrapped { get; } = new List<int>();

            public byte[] Wrap(byte[] plaintext, int offset, int count)
            {
                Wrapped.Add(count);
                return plaintext.Skip(offset).Take(count).Concat(Enumerable.Repeat((byte)'T', 16)).ToArray();
            }

            public byte[] Unwrap(byte[] frame, int offset, int count)
            {
                if (frame.Skip(offset + count - 16).Take(16).Any(b => b != 'T')) throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc, "bad trailer");
                return frame.Skip(offset).Take(count - 16).ToArray();
            }
        }

        /// <summary>Returns at most <c>chunk</c> bytes per Read (frames split across reads).</summary>
        private sealed class TrickleStream : MemoryStream
        {
            private readonly int _chunk;
            public TrickleStream(byte[] data, int chunk) : base(data) { _chunk = chunk; }
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _chunk));
        }

        private static byte[] Frame(byte[] body) =>
            new[] { (byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length }.Concat(body).ToArray();

        private static byte[] Marked(byte[] plain) => Frame(plain.Concat(Enumerable.Repeat((byte)'T', 16)).ToArray());

        private static byte[] ReadAll(Stream s)
        {
            var ms = new MemoryStream();
            var buf = new byte[7777];
            int n;
            while ((n = s.Read(buf, 0, buf.Length)) > 0) ms.Write(buf, 0, n);
            return ms.ToArray();
        }

        [Fact]
        public void Write_SplitsIntoMaxPlaintextBlocks_OneFrameEach_OneInnerWrite()
        {
            var layer = new MarkerLayer(1000);
            var inner = new CountingStream();
            var s = new SaslFramedStream(inner, layer);
            var data = Enumerable.Range(0, 2500).Select(i => (byte)i).ToArray();
            s.Write(data, 0, data.Length);
            Assert.Equal(new[] { 1000, 1000, 500 }, layer.Wrapped);
            Assert.Equal(1, inner.Writes);
            var expected = Marked(data.Take(1000).ToArray()).Concat(Marked(data.Skip(1000).Take(1000).ToArray())).Concat(Marked(data.Skip(2000).ToArray()));
            Assert.Equal(expected, inner.ToArray());
        }

        [Fact]
        public async Task WriteAsync_SameFraming()
        {
            var layer = new MarkerLayer(3);
            var inner = new CountingStream();
            var s = new SaslFramedStream(inner, layer);
            await s.WriteAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, 0, 7);
            Assert.Equal(new[] { 3, 3, 1 }, layer.Wrapped);
            Assert.Equal(3 * 20 + 7, inner.ToArray().Length);
            s.Write(new byte[0], 0, 0); // nothing, not an empty frame
            Assert.Equal(67, inner.ToArray().Length);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(5)]
        [InlineData(17)]
        [InlineData(100000)]
        public void Read_ReassemblesFramesSplitAndJoinedAcrossReads(int chunk)
        {
            var plain = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
            var wire = Marked(plain.Take(1).ToArray()).Concat(Marked(plain.Skip(1).Take(4000).ToArray())).Concat(Marked(plain.Skip(4001).ToArray())).ToArray();
            var s = new SaslFramedStream(new TrickleStream(wire, chunk), new MarkerLayer(65536));
            Assert.Equal(plain, ReadAll(s));
        }

        [Fact]
        public void Read_FrameLargerThan64KiB_IsAccepted()
        {
            var plain = new byte[200000];
            new Random(1).NextBytes(plain);
            var s = new SaslFramedStream(new TrickleStream(Marked(plain), 9000), new MarkerLayer(65536));
            Assert.Equal(plain, ReadAll(s));
        }

        [Fact]
        public void Read_AddReceivedBytes_ComeFirst()
        {
            var wire = Marked(new byte[] { 1, 2, 3 }).Concat(Marked(new byte[] { 4, 5 })).ToArray();
            var s = new SaslFramedStream(new MemoryStream(wire.Skip(6).ToArray()), new MarkerLayer(100));
            s.AddReceivedBytes(wire, 0, 6);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, ReadAll(s));
        }

        [Fact]
        public void Read_TooLargeFrame_ClearError()
        {
            var wire = new byte[] { 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0 };
            var s = new SaslFramedStream(new MemoryStream(wire), new MarkerLayer(100));
            var e = Assert.Throws<LibvirtException>(() => s.Read(new byte[10], 0, 10));
            Assert.Equal("authentication failed: failed to decode SASL data: SASL frame of 16777217 bytes is larger than the limit of 16777216 bytes", e.Message);
        }

        [Fact]
        public void Read_FrameShorterThanMac_ClearError()
        {
            var s = new SaslFramedStream(new MemoryStream(Frame(new byte[15])), new MarkerLayer(100));
            var e = Assert.Throws<LibvirtException>(() => s.Read(new byte[10], 0, 10));
            Assert.Contains("SASL frame of 15 bytes is shorter than the 16-byte MAC trailer", e.Message);
        }

        [Fact]
        public void Read_EndInsideFrame_IsEndOfStream_EndBetweenFramesIsZero()
        {
            var wire = Marked(new byte[] { 1 });
            Assert.Throws<EndOfStreamException>(() => ReadAll(new SaslFramedStream(new MemoryStream(wire.Take(wire.Length - 1).ToArray()), new MarkerLayer(100))));
            Assert.Throws<EndOfStreamException>(() => ReadAll(new SaslFramedStream(new MemoryStream(new byte[] { 0, 0 }), new MarkerLayer(100))));
            Assert.Equal(new byte[] { 1 }, ReadAll(new SaslFramedStream(new MemoryStream(wire), new MarkerLayer(100))));
        }

        [Fact]
        public void DigestMd5Layer_ThroughTheStream_BothDirections()
        {
            var ha1 = new byte[16];
            new Random(5).NextBytes(ha1);
            var client = DigestMd5SecurityLayer.ForClient(ha1, DigestMd5Cipher.Rc4);
            var server = DigestMd5SecurityLayer.ForServer(ha1, DigestMd5Cipher.Rc4);
            var toServer = new CountingStream();
            var cs = new SaslFramedStream(toServer, client);
            var big = new byte[150000];
            new Random(6).NextBytes(big);
            cs.Write(big, 0, big.Length);
            // frames of at most 65511 plaintext bytes: 3 frames, each 16 bytes larger
            Assert.Equal(big.Length + 3 * (4 + 16), toServer.ToArray().Length);
            var ss = new SaslFramedStream(new TrickleStream(toServer.ToArray(), 1000), server);
            Assert.Equal(big, ReadAll(ss));

            // a flipped bit: the MAC check fails
            var tampered = toServer.ToArray();
            tampered[100] ^= 4;
            var bad = new SaslFramedStream(new MemoryStream(tampered), DigestMd5SecurityLayer.ForServer(ha1, DigestMd5Cipher.Rc4));
            Assert.Contains("MAC does not match", Assert.Throws<LibvirtException>(() => ReadAll(bad)).Message);
        }

        [Fact]
        public void Dispose_LeavesInnerOpenByDefault()
        {
            var inner = new MemoryStream();
            new SaslFramedStream(inner, new MarkerLayer(10)).Dispose();
            Assert.True(inner.CanRead);
            new SaslFramedStream(inner, new MarkerLayer(10), leaveOpen: false).Dispose();
            Assert.False(inner.CanRead);
        }

        private sealed class CountingStream : MemoryStream
        {
            public int Writes { get; private set; }
            public override void Write(byte[] buffer, int offset, int count) { Writes++; base.Write(buffer, offset, count); }
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { Writes++; return base.WriteAsync(buffer, offset, count, cancellationToken); }
        }
    }
}
