using System;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;
using static LibvirtPS.Core.Tests.Rpc.GoldenPackets;

namespace LibvirtPS.Core.Tests.Rpc
{
    /// <summary>
    /// XDR decoding as libvirt's peers produce it (RFC 4506 + libvirt's quirks, libvirt-facts §7.6): big-endian words,
    /// padding to 4, char arrays one word per byte, and limits checked before anything is allocated.
    /// </summary>
    public class XdrReaderTests
    {
        private static XdrReader Reader(string hex) => new XdrReader(Bytes(hex));

        [Fact]
        public void ReadsBigEndianScalars()
        {
            var r = Reader("11223344 fffffffe 0000000100000002 fffffffffffffffe 00000000 00000002 3ff8000000000000 3fc00000");
            Assert.Equal(0x11223344u, r.ReadUInt32());
            Assert.Equal(-2, r.ReadInt32());
            Assert.Equal(0x0000000100000002UL, r.ReadUInt64());
            Assert.Equal(-2L, r.ReadInt64());
            Assert.False(r.ReadBool());
            Assert.True(r.ReadBool()); // any non-zero word is true (glibc xdr_bool)
            Assert.Equal(1.5, r.ReadDouble());
            Assert.Equal(1.5f, r.ReadSingle());
            Assert.Equal(0, r.Remaining);
            r.EnsureEnd();
        }

        [Theory]
        [InlineData("00000000", "")]
        [InlineData("00000001 61000000", "a")]
        [InlineData("00000003 61626300", "abc")]
        [InlineData("00000004 61626364", "abcd")]
        [InlineData("00000005 6162636465000000", "abcde")]
        [InlineData("00000002 c3a90000", "é")]
        public void StringsSkipTheirPadding(string hex, string expected)
        {
            var r = Reader(hex + "0000002a");
            Assert.Equal(expected, r.ReadString());
            Assert.Equal(0, r.Position % 4);
            Assert.Equal(42, r.ReadInt32());
            r.EnsureEnd();
        }

        [Fact]
        public void OpaqueAndFixedOpaqueSkipTheirPadding()
        {
            var r = Reader("00000005 0102030405000000 0a0b0c0d0e0f0000 6695eb01f6a4830479aa97f2502e193f 00000007");
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, r.ReadOpaque());
            Assert.Equal(new byte[] { 10, 11, 12, 13, 14, 15 }, r.ReadFixedOpaque(6));
            Assert.Equal(TestUuid, r.ReadFixedOpaque(16));
            Assert.Equal(7, r.ReadInt32());
            r.EnsureEnd();
        }

        [Fact]
        public void CharArraysKeepTheLowByteOfEachWord()
        {
            // Sign-extended 0xFF (as glibc's xdr_char writes it), a plain 0x41 and an unsigned 0x000000ff.
            var r = Reader("ffffffff 00000041 000000ff");
            Assert.Equal(new byte[] { 0xff, 0x41, 0xff }, r.ReadFixedCharArray(3));
            r.EnsureEnd();

            r = Reader("00000002 00000069 ffffff80");
            Assert.Equal(new byte[] { 0x69, 0x80 }, r.ReadCharArray(65536));
            r.EnsureEnd();
        }

        [Fact]
        public void NodeInfoModelIsThirtyTwoWords()
        {
            var packet = RpcPacket.Decode(Bytes(NodeGetInfoReply));
            var r = packet.PayloadReader();
            byte[] model = r.ReadFixedCharArray(32);
            Assert.Equal(new byte[] { (byte)'i', (byte)'6', (byte)'8', (byte)'6' }, model[..4]);
            Assert.All(model[4..], b => Assert.Equal(0, b));
            Assert.Equal(128, r.Position - packet.PayloadOffset);
        }

        // ------------------------------------------------------------------ limits

        [Fact]
        public void StringOverItsBoundIsRejected()
        {
            var e = Assert.Throws<XdrException>(() => Reader("00000009 616263646566676869000000").ReadString(8));
            Assert.Equal("string of 9 bytes is over the limit of 8", e.Message);
            Assert.Equal("abcdefgh", Reader("00000008 6162636465666768").ReadString(8));
        }

        [Fact]
        public void StringOverRemoteStringMaxIsRejectedByDefault()
        {
            // 4194305 > REMOTE_STRING_MAX: refused from the length word alone.
            var e = Assert.Throws<XdrException>(() => Reader("00400001").ReadString());
            Assert.Equal("string of 4194305 bytes is over the limit of 4194304", e.Message);
            // At the limit, the length passes and the missing bytes are the problem.
            e = Assert.Throws<XdrException>(() => Reader("00400000").ReadString());
            Assert.StartsWith("message truncated", e.Message);
        }

        [Fact]
        public void OpaqueAndCharArrayBoundsAreChecked()
        {
            Assert.Throws<XdrException>(() => Reader("00000011" + new string('0', 40)).ReadOpaque(16));
            Assert.Throws<XdrException>(() => Reader("00010001").ReadCharArray(RemoteLimits.AuthSaslDataMax));
        }

        [Fact]
        public void ArrayCountOverItsBoundIsRejected()
        {
            var e = Assert.Throws<XdrException>(() => Reader("00004001" + new string('0', 64)).ReadArrayCount(RemoteLimits.DomainListMax));
            Assert.Equal("array of 16385 elements is over the limit of 16384", e.Message);
            Assert.Equal(2, Reader("00000002 00000000 00000000").ReadArrayCount(16384));
        }

        [Fact]
        public void ArrayCountLargerThanTheBytesLeftIsRejected()
        {
            // Two 4-byte elements announced, one present.
            Assert.Throws<XdrException>(() => Reader("00000002 00000000").ReadArrayCount(16384));
            // Elements of at least 24 bytes (a domain): 2 need 48.
            Assert.Throws<XdrException>(() => Reader("00000002" + new string('0', 80)).ReadArrayCount(16384, 24));
            Assert.Equal(2, Reader("00000002" + new string('0', 96)).ReadArrayCount(16384, 24));
            // Zero-size elements: only the bound applies.
            Assert.Equal(5, Reader("00000005").ReadArrayCount(5, 0));
        }

        [Fact]
        public void HostileCountsThrowWithoutAllocating()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<XdrException>(() => Reader("7fffffff 00000000").ReadArrayCount(int.MaxValue, 24));
            Assert.Throws<XdrException>(() => Reader("7ffffff0 00000000").ReadOpaque());
            Assert.Throws<XdrException>(() => Reader("7ffffff0 00000000").ReadCharArray());
            Assert.Throws<XdrException>(() => Reader("40000000 00000000").ReadCharArray());
            Assert.Throws<XdrException>(() => Reader("003fffff 00000000").ReadString());
            Assert.Throws<XdrException>(() => new XdrReader(Bytes("00000000")).ReadFixedCharArray(int.MaxValue));
            // The generated decoders check the count before creating the array: 16384 domains announced, none sent.
            Assert.Throws<XdrException>(() => new ConnectListAllDomainsRet().ReadFrom(Reader("00004000 00000001")));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 1_000_000, "allocated " + allocated + " bytes");
        }

        // ------------------------------------------------------------------ truncation

        [Theory]
        [InlineData("")]
        [InlineData("000000")]
        public void TruncatedWordThrows(string hex)
        {
            var e = Assert.Throws<XdrException>(() => Reader(hex).ReadUInt32());
            Assert.StartsWith("message truncated", e.Message);
        }

        [Fact]
        public void TruncatedValuesThrow()
        {
            Assert.Throws<XdrException>(() => Reader("00000001").ReadUInt64());
            Assert.Throws<XdrException>(() => Reader("00000003 616263").ReadString()); // padding missing
            Assert.Throws<XdrException>(() => Reader("00000004 616263").ReadOpaque());
            Assert.Throws<XdrException>(() => Reader("0102030405").ReadFixedOpaque(6));
            Assert.Throws<XdrException>(() => Reader("00000001 00000002").ReadFixedCharArray(3));
            Assert.Throws<XdrException>(() => new RemoteNonnullDomain().ReadFrom(Reader("00000004 74657374 6695eb01")));
        }

        [Fact]
        public void ReaderStaysInsideItsWindow()
        {
            byte[] bytes = Bytes("00000001 00000002 00000003");
            var r = new XdrReader(bytes, 4, 4);
            Assert.Equal(4, r.Position);
            Assert.Equal(4, r.Remaining);
            Assert.Equal(2u, r.ReadUInt32());
            Assert.Throws<XdrException>(() => r.ReadUInt32());
        }

        [Fact]
        public void EnsureEndRejectsTrailingBytes()
        {
            var r = Reader("00000001 00000002");
            r.ReadInt32();
            var e = Assert.Throws<XdrException>(() => r.EnsureEnd());
            Assert.Equal("4 unexpected bytes after the message body", e.Message);
        }

        [Fact]
        public void ReadRemainingTakesTheRawRest()
        {
            var r = Reader("00000001 0a0b0c");
            r.ReadInt32();
            Assert.Equal(new byte[] { 10, 11, 12 }, r.ReadRemaining());
            Assert.Equal(0, r.Remaining);
            r.EnsureEnd();
        }
    }
}
