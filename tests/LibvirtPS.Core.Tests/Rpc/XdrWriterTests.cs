using System;
using System.Text;
using LibvirtPS.Core.Rpc;
using Xunit;
using static LibvirtPS.Core.Tests.Rpc.GoldenPackets;

namespace LibvirtPS.Core.Tests.Rpc
{
    /// <summary>XDR encoding: big-endian words, zero padding to 4, sign-extended char arrays, limits enforced.</summary>
    public class XdrWriterTests
    {
        private static string Write(Action<XdrWriter> write)
        {
            var w = new XdrWriter(16);
            write(w);
            return Hex(w.ToArray());
        }

        [Fact]
        public void WritesBigEndianScalars()
        {
            Assert.Equal("11223344", Write(w => w.WriteUInt32(0x11223344)));
            Assert.Equal("fffffffe", Write(w => w.WriteInt32(-2)));
            Assert.Equal("0000000100000002", Write(w => w.WriteUInt64(0x0000000100000002)));
            Assert.Equal("fffffffffffffffe", Write(w => w.WriteInt64(-2)));
            Assert.Equal("0000000100000000", Write(w => { w.WriteBool(true); w.WriteBool(false); }));
            Assert.Equal("3ff8000000000000", Write(w => w.WriteDouble(1.5)));
            Assert.Equal("3fc00000", Write(w => w.WriteSingle(1.5f)));
        }

        [Theory]
        [InlineData("", "00000000")]
        [InlineData("a", "0000000161000000")]
        [InlineData("abc", "0000000361626300")]
        [InlineData("abcd", "0000000461626364")]
        [InlineData("abcde", "000000056162636465000000")]
        [InlineData("test:///default", "0000000f746573743a2f2f2f64656661756c7400")]
        [InlineData("é", "00000002c3a90000")]
        public void StringsArePaddedWithZeros(string value, string hex)
        {
            Assert.Equal(hex, Write(w => w.WriteString(value)));
        }

        [Fact]
        public void OpaqueIsPaddedFixedOpaqueHasNoLength()
        {
            Assert.Equal("000000050102030405000000", Write(w => w.WriteOpaque(new byte[] { 1, 2, 3, 4, 5 })));
            Assert.Equal("0a0b0c0d0e0f0000", Write(w => w.WriteFixedOpaque(new byte[] { 10, 11, 12, 13, 14, 15 }, 6)));
            Assert.Equal("6695eb01f6a4830479aa97f2502e193f", Write(w => w.WriteFixedOpaque(TestUuid, 16)));
            var e = Assert.Throws<XdrException>(() => new XdrWriter().WriteFixedOpaque(new byte[15], 16));
            Assert.Equal("fixed opaque needs 16 bytes, got 15", e.Message);
        }

        [Fact]
        public void RawBytesAreNotPadded()
        {
            Assert.Equal("010203", Write(w => w.WriteRaw(new byte[] { 0, 1, 2, 3, 4 }, 1, 3)));
        }

        [Fact]
        public void CharArraysSignExtendEachByte()
        {
            // glibc's xdr_char: a C char is signed, so 0xFF travels as ff ff ff ff and 0x80 as ff ff ff 80.
            Assert.Equal("ffffffff00000041ffffff80", Write(w => w.WriteFixedCharArray(new byte[] { 0xff, 0x41, 0x80 }, 3)));
            Assert.Equal("00000002ffffffff0000007f", Write(w => w.WriteCharArray(new byte[] { 0xff, 0x7f }, 65536)));
        }

        [Fact]
        public void FixedCharArrayPadsWithZeroWords()
        {
            string hex = Write(w => w.WriteFixedCharArray(Encoding.ASCII.GetBytes("i686"), 32));
            Assert.Equal("00000069000000360000003800000036" + new string('0', 28 * 8), hex);
            Assert.Throws<XdrException>(() => new XdrWriter().WriteFixedCharArray(new byte[33], 32));
        }

        [Fact]
        public void CharArraysRoundTripEveryByte()
        {
            var all = new byte[256];
            for (int i = 0; i < all.Length; i++) all[i] = (byte)i;
            var w = new XdrWriter();
            w.WriteCharArray(all, 65536);
            Assert.Equal(4 + 256 * 4, w.Length);
            Assert.Equal(all, new XdrReader(w.ToArray()).ReadCharArray(65536));
        }

        [Fact]
        public void LimitsAreEnforced()
        {
            Assert.Equal("string of 9 bytes is over the limit of 8",
                Assert.Throws<XdrException>(() => new XdrWriter().WriteString("abcdefghi", 8)).Message);
            Assert.Equal("string of 4194305 bytes is over the limit of 4194304",
                Assert.Throws<XdrException>(() => new XdrWriter().WriteString(new string('x', XdrLimits.StringMax + 1))).Message);
            Assert.Throws<XdrException>(() => new XdrWriter().WriteOpaque(new byte[17], 16));
            Assert.Throws<XdrException>(() => new XdrWriter().WriteCharArray(new byte[65537], 65536));
            // Multi-byte UTF-8 counts bytes, not characters.
            Assert.Throws<XdrException>(() => new XdrWriter().WriteString("éééé", 7));
        }

        [Fact]
        public void BufferGrowsAndPatches()
        {
            var w = new XdrWriter(1);
            w.WriteUInt32(0);
            for (int i = 0; i < 1000; i++) w.WriteInt32(i);
            w.PatchUInt32(0, (uint)w.Length);
            byte[] bytes = w.ToArray();
            Assert.Equal(4004, bytes.Length);
            var r = new XdrReader(bytes);
            Assert.Equal(4004u, r.ReadUInt32());
            for (int i = 0; i < 1000; i++) Assert.Equal(i, r.ReadInt32());
            Assert.Equal(4004, w.Written.Count);
        }
    }
}
