// Stream wire encoding against libvirt's byte vectors (virnetmessagetest "Stream Encode", facts §8.4) and vectors
// derived from virnetprotocol.x (virNetStreamHole) and remote_protocol.x (DOMAIN_SCREENSHOT, STORAGE_VOL_UPLOAD).
using System;
using System.Linq;
using System.Text;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;

namespace LibvirtPS.Core.Tests.Rpc
{
    public class RpcStreamTests
    {
        private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

        private static byte[] Encode(IXdrSerializable value)
        {
            var w = new XdrWriter();
            value.WriteTo(w);
            return w.ToArray();
        }

        [Fact]
        public void DataPacket_IsLibvirtsStreamEncodeVector()
        {
            var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
            var bytes = RpcPacket.EncodeRaw(new RpcHeader(0x11223344, 1, 0x666, RpcMessageType.Stream, 0x99, RpcStatus.Continue), data, 0, data.Length);
            Assert.Equal(Hex("00000047 11223344 00000001 00000666 00000003 00000099 00000002").Concat(data).ToArray(), bytes);
        }

        [Fact]
        public void HolePacket_IsHeaderThenHyperLengthAndFlags()
        {
            // struct virNetStreamHole { hyper length; unsigned int flags; }, type STREAM_HOLE (6), status CONTINUE (2)
            var bytes = RpcStream.EncodeHole(new RpcHeader(0x20008086, 1, 208, RpcMessageType.StreamHole, 7, RpcStatus.Continue), 0x123456789L);
            Assert.Equal(Hex("00000028 20008086 00000001 000000d0 00000006 00000007 00000002 00000001 23456789 00000000"), bytes);
        }

        [Fact]
        public void ScreenshotArgs_AndRet_FollowRemoteProtocol()
        {
            var uuid = Hex("6695eb01f6a4830479aa97f2502e193f");
            var args = new DomainScreenshotArgs { Dom = new RemoteNonnullDomain("test", uuid, 1), Screen = 2, Flags = 0 };
            Assert.Equal(Hex("00000004 74657374").Concat(uuid).Concat(Hex("00000001 00000002 00000000")).ToArray(), Encode(args));

            var ret = new DomainScreenshotRet();
            ret.ReadFrom(new XdrReader(Hex("00000001 00000009 696d6167652f706e67 000000")));
            Assert.Equal("image/png", ret.Mime);
            var none = new DomainScreenshotRet();
            none.ReadFrom(new XdrReader(Hex("00000000")));
            Assert.Null(none.Mime);
        }

        [Fact]
        public void VolumeTransferArgs_FollowRemoteProtocol()
        {
            var args = new StorageVolTransferArgs
            {
                Vol = new RemoteNonnullStorageVol { Pool = "p", Name = "v1", Key = "/p/v1" },
                Offset = 0x100000000UL,
                Length = 10,
                Flags = 1,
            };
            Assert.Equal(Hex("00000001 70000000 00000002 76310000 00000005 2f702f7631000000 00000001 00000000 00000000 0000000a 00000001"), Encode(args));
        }

        [Fact]
        public void PoolInfoRet_DecodesUnsignedCharStateAsAWord()
        {
            var r = new StoragePoolGetInfoRet();
            r.ReadFrom(new XdrReader(Hex("00000002 0000001900000000 0000000000000000 0000001900000000")));
            Assert.Equal(2u, r.State);
            Assert.Equal(107374182400UL, r.Capacity);
            Assert.Equal(107374182400UL, r.Available);
        }
    }
}
