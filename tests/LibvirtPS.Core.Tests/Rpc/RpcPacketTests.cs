using System;
using System.Text;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;
using static LibvirtPS.Core.Tests.Rpc.GoldenPackets;

namespace LibvirtPS.Core.Tests.Rpc
{
    /// <summary>
    /// Framing and header (libvirt-facts §7.1–§7.3) against the captured virsh ↔ libvirtd packets of §7.10 and the
    /// tests/virnetmessagetest.c vectors of §8.4: every packet decodes to the documented header and body, and
    /// <see cref="RpcPacket.Encode"/> of that header and body gives back the very same bytes.
    /// </summary>
    public class RpcPacketTests
    {
        private const uint Remote = RemoteProgram.Program;

        private static T Body<T>(RpcPacket packet) where T : IXdrSerializable, new()
        {
            var body = new T();
            var reader = packet.PayloadReader();
            body.ReadFrom(reader);
            reader.EnsureEnd();
            return body;
        }

        /// <summary>Decodes, checks the header, decodes the body, re-encodes and compares the bytes.</summary>
        private static T RoundTrip<T>(string hex, uint program, int procedure, RpcMessageType type, uint serial,
                                      RpcStatus status = RpcStatus.Ok) where T : IXdrSerializable, new()
        {
            byte[] bytes = Bytes(hex);
            var packet = RpcPacket.Decode(bytes);
            Assert.Equal(program, packet.Header.Program);
            Assert.Equal(1u, packet.Header.Version);
            Assert.Equal(procedure, packet.Header.Procedure);
            Assert.Equal(type, packet.Header.Type);
            Assert.Equal(serial, packet.Header.Serial);
            Assert.Equal(status, packet.Header.Status);
            Assert.Equal(28, packet.PayloadOffset);
            Assert.Equal(bytes.Length - 28, packet.PayloadLength);

            var body = Body<T>(packet);
            Assert.Equal(Hex(bytes), Hex(RpcPacket.Encode(packet.Header, body)));
            return body;
        }

        private static void AssertTestDomain(RemoteNonnullDomain dom, int id = 1)
        {
            Assert.Equal("test", dom.Name);
            Assert.Equal(TestUuid, dom.Uuid);
            Assert.Equal("6695eb01-f6a4-8304-79aa-97f2502e193f", dom.UuidString);
            Assert.Equal(id, dom.Id);
        }

        private static RemoteNonnullDomain TestDomain() => new RemoteNonnullDomain("test", (byte[])TestUuid.Clone(), 1);

        // ------------------------------------------------------------------ §7.10 captured packets

        [Fact]
        public void AuthListCallRoundTrips()
        {
            RoundTrip<VoidMessage>(AuthListCall, Remote, (int)RemoteProcedure.AuthList, RpcMessageType.Call, 0);
            var header = new RpcHeader(Remote, RemoteProgram.Version, (int)RemoteProcedure.AuthList, RpcMessageType.Call, 0, RpcStatus.Ok);
            Assert.Equal(AuthListCall, Hex(RpcPacket.Encode(header, null)));
        }

        [Theory]
        [InlineData(AuthListReplyNone, RemoteAuthType.None)]
        [InlineData(AuthListReplySasl, RemoteAuthType.Sasl)]
        public void AuthListReply(string hex, RemoteAuthType expected)
        {
            var ret = RoundTrip<AuthListRet>(hex, Remote, 66, RpcMessageType.Reply, 0);
            Assert.Equal(new[] { expected }, ret.Types);
        }

        [Fact]
        public void SupportsFeatureCallAndReply()
        {
            var args = RoundTrip<ConnectSupportsFeatureArgs>(SupportsFeatureCall, Remote, 60, RpcMessageType.Call, 1);
            Assert.Equal((int)ConnectFeature.ProgramKeepalive, args.Feature);
            var ret = RoundTrip<ConnectSupportsFeatureRet>(SupportsFeatureReply, Remote, 60, RpcMessageType.Reply, 1);
            Assert.Equal(1, ret.Supported);

            var built = new ConnectSupportsFeatureArgs { Feature = (int)ConnectFeature.ProgramKeepalive };
            var header = new RpcHeader(Remote, 1, (int)RemoteProcedure.ConnectSupportsFeature, RpcMessageType.Call, 1, RpcStatus.Ok);
            Assert.Equal(SupportsFeatureCall, Hex(RpcPacket.Encode(header, built)));
        }

        [Theory]
        [InlineData(ConnectOpenCall, 0u)]
        [InlineData(ConnectOpenCallReadOnly, 3u)]
        public void ConnectOpenCallRoundTrips(string hex, uint flags)
        {
            var args = RoundTrip<ConnectOpenArgs>(hex, Remote, (int)RemoteProcedure.ConnectOpen, RpcMessageType.Call, 2);
            Assert.Equal("test:///default", args.Name);
            Assert.Equal(flags, args.Flags);

            var header = new RpcHeader(Remote, 1, 1, RpcMessageType.Call, 2, RpcStatus.Ok);
            Assert.Equal(hex, Hex(RpcPacket.Encode(header, new ConnectOpenArgs { Name = "test:///default", Flags = flags })));
        }

        [Fact]
        public void ConnectOpenWithoutNameEncodesTheNullWord()
        {
            var w = new XdrWriter();
            new ConnectOpenArgs { Name = null, Flags = 1 }.WriteTo(w);
            Assert.Equal("0000000000000001", Hex(w.ToArray()));
        }

        [Fact]
        public void ConnectOpenReplyIsEmpty()
        {
            var packet = RpcPacket.Decode(Bytes(ConnectOpenReply));
            Assert.Equal(0, packet.PayloadLength);
            RoundTrip<VoidMessage>(ConnectOpenReply, Remote, 1, RpcMessageType.Reply, 2);
        }

        [Fact]
        public void ListAllDomainsCallAndReply()
        {
            var args = RoundTrip<ConnectListAllDomainsArgs>(ListAllDomainsCall, Remote, (int)RemoteProcedure.ConnectListAllDomains, RpcMessageType.Call, 6);
            Assert.Equal(1, args.NeedResults);
            Assert.Equal(3u, args.Flags);

            var ret = RoundTrip<ConnectListAllDomainsRet>(ListAllDomainsReply, Remote, 273, RpcMessageType.Reply, 6);
            var dom = Assert.Single(ret.Domains);
            AssertTestDomain(dom);
            Assert.Equal(1u, ret.Ret);

            var header = new RpcHeader(Remote, 1, 273, RpcMessageType.Reply, 6, RpcStatus.Ok);
            var built = new ConnectListAllDomainsRet { Domains = new[] { TestDomain() }, Ret = 1 };
            Assert.Equal(ListAllDomainsReply, Hex(RpcPacket.Encode(header, built)));
        }

        [Fact]
        public void GetStateCallAndReply()
        {
            var args = RoundTrip<DomainGetStateArgs>(GetStateCall, Remote, (int)RemoteProcedure.DomainGetState, RpcMessageType.Call, 7);
            AssertTestDomain(args.Dom);
            Assert.Equal(0u, args.Flags);
            var ret = RoundTrip<DomainGetStateRet>(GetStateReply, Remote, 212, RpcMessageType.Reply, 7);
            Assert.Equal(1, ret.State);
            Assert.Equal(0, ret.Reason);
        }

        [Fact]
        public void LookupByNameCallRoundTrips()
        {
            var args = RoundTrip<DomainLookupByNameArgs>(LookupByNameCall, Remote, (int)RemoteProcedure.DomainLookupByName, RpcMessageType.Call, 6);
            Assert.Equal("nosuch", args.Name);
        }

        [Fact]
        public void NoDomainErrorReplyDecodes()
        {
            var error = RoundTrip<RemoteError>(NoDomainErrorReply, Remote, 23, RpcMessageType.Reply, 6, RpcStatus.Error);
            Assert.Equal(42, error.Code);
            Assert.Equal(12, error.Domain);
            Assert.Equal("Domain not found", error.Message);
            Assert.Equal(2, error.Level);
            Assert.Null(error.Dom);
            Assert.Equal("Domain not found", error.Str1);
            Assert.Null(error.Str2);
            Assert.Null(error.Str3);
            Assert.Equal(-1, error.Int1);
            Assert.Equal(-1, error.Int2);
            Assert.Null(error.Net);
        }

        [Fact]
        public void CallbackRegisterAnyCallAndReply()
        {
            var args = RoundTrip<ConnectDomainEventCallbackRegisterAnyArgs>(CallbackRegisterAnyCall, Remote,
                (int)RemoteProcedure.ConnectDomainEventCallbackRegisterAny, RpcMessageType.Call, 6);
            Assert.Equal(0, args.EventID);
            Assert.Null(args.Dom);
            var ret = RoundTrip<ConnectDomainEventCallbackRegisterAnyRet>(CallbackRegisterAnyReply, Remote, 316, RpcMessageType.Reply, 6);
            Assert.Equal(0, ret.CallbackID);
        }

        [Fact]
        public void LifecycleEventMessage()
        {
            var msg = RoundTrip<DomainEventCallbackLifecycleMsg>(LifecycleEvent, Remote,
                (int)RemoteProcedure.DomainEventCallbackLifecycle, RpcMessageType.Message, 1);
            Assert.Equal(0, msg.CallbackID);
            AssertTestDomain(msg.Msg.Dom);
            Assert.Equal(3, msg.Msg.Event); // SUSPENDED
            Assert.Equal(0, msg.Msg.Detail);
        }

        [Theory]
        [InlineData(KeepalivePing, KeepAliveProcedure.Ping)]
        [InlineData(KeepalivePong, KeepAliveProcedure.Pong)]
        public void Keepalive(string hex, KeepAliveProcedure procedure)
        {
            RoundTrip<VoidMessage>(hex, KeepAliveProgram.Program, (int)procedure, RpcMessageType.Message, 0);
            var header = new RpcHeader(KeepAliveProgram.Program, KeepAliveProgram.Version, (int)procedure, RpcMessageType.Message, 0, RpcStatus.Ok);
            Assert.Equal(hex, Hex(RpcPacket.Encode(header, null)));
        }

        [Fact]
        public void NodeGetInfoReplyDecodes()
        {
            var ret = RoundTrip<NodeGetInfoRet>(NodeGetInfoReply, Remote, (int)RemoteProcedure.NodeGetInfo, RpcMessageType.Reply, 6);
            Assert.Equal("i686", ret.ModelString);
            Assert.Equal(32, ret.Model.Length);
            Assert.Equal(3145728UL, ret.Memory);
            Assert.Equal(16, ret.Cpus);
            Assert.Equal(1400, ret.Mhz);
            Assert.Equal(2, ret.Nodes);
            Assert.Equal(2, ret.Sockets);
            Assert.Equal(2, ret.Cores);
            Assert.Equal(2, ret.Threads);

            // A short model is NUL-padded to 32 words on the way out.
            var built = new NodeGetInfoRet
            {
                Model = Encoding.ASCII.GetBytes("i686"), Memory = 3145728, Cpus = 16, Mhz = 1400, Nodes = 2, Sockets = 2, Cores = 2, Threads = 2,
            };
            var header = new RpcHeader(Remote, 1, 6, RpcMessageType.Reply, 6, RpcStatus.Ok);
            Assert.Equal(NodeGetInfoReply, Hex(RpcPacket.Encode(header, built)));
        }

        [Fact]
        public void DomainGetInfoReplyDecodes()
        {
            var ret = RoundTrip<DomainGetInfoRet>(DomainGetInfoReply, Remote, (int)RemoteProcedure.DomainGetInfo, RpcMessageType.Reply, 8);
            Assert.Equal(1, ret.State);
            Assert.Equal(8388608UL, ret.MaxMem);
            Assert.Equal(2097152UL, ret.Memory);
            Assert.Equal(2, ret.NrVirtCpu);
            Assert.Equal(0x18ea98713982d188UL, ret.CpuTime);
            Assert.Equal(32, RpcPacket.Decode(Bytes(DomainGetInfoReply)).PayloadLength); // 4+8+8+4+8
        }

        // ------------------------------------------------------------------ §8.4 virnetmessagetest.c

        [Fact]
        public void VirNetMessageHeaderEncode()
        {
            var header = new RpcHeader(0x11223344, 1, 0x666, RpcMessageType.Call, 0x99, RpcStatus.Ok);
            Assert.Equal(Hex(Bytes(NetMessageHeaderEncode)), Hex(RpcPacket.Encode(header, null)));
        }

        [Fact]
        public void VirNetMessageHeaderDecode()
        {
            var packet = RpcPacket.Decode(Bytes(NetMessageHeaderDecode));
            Assert.Equal(0x11223344u, packet.Header.Program);
            Assert.Equal(1u, packet.Header.Version);
            Assert.Equal(0x666, packet.Header.Procedure);
            Assert.Equal(RpcMessageType.Reply, packet.Header.Type);
            Assert.Equal(0x99u, packet.Header.Serial);
            Assert.Equal(RpcStatus.Error, packet.Header.Status);
            Assert.Equal(0, packet.PayloadLength);
            Assert.Equal(0x1c - 4, RpcPacket.CheckLength(0x1c));
        }

        private static RemoteError HelloWorldError() => new RemoteError
        {
            Code = 1, Domain = 7, Message = "Hello World", Level = 2, Str1 = "One", Str2 = "Two", Str3 = "Three", Int1 = 1, Int2 = 2,
        };

        [Fact]
        public void VirNetMessagePayloadEncode()
        {
            var header = new RpcHeader(0x11223344, 1, 0x666, RpcMessageType.Message, 0x99, RpcStatus.Error);
            byte[] encoded = RpcPacket.Encode(header, HelloWorldError());
            Assert.Equal(0x74, encoded.Length);
            Assert.Equal(Hex(Bytes(NetMessagePayloadError)), Hex(encoded));
        }

        [Fact]
        public void VirNetMessagePayloadDecode()
        {
            var error = RoundTrip<RemoteError>(NetMessagePayloadError, 0x11223344, 0x666, RpcMessageType.Message, 0x99, RpcStatus.Error);
            var expected = HelloWorldError();
            Assert.Equal(expected.Code, error.Code);
            Assert.Equal(expected.Domain, error.Domain);
            Assert.Equal(expected.Message, error.Message);
            Assert.Equal(expected.Level, error.Level);
            Assert.Null(error.Dom);
            Assert.Equal(expected.Str1, error.Str1);
            Assert.Equal(expected.Str2, error.Str2);
            Assert.Equal(expected.Str3, error.Str3);
            Assert.Equal(expected.Int1, error.Int1);
            Assert.Equal(expected.Int2, error.Int2);
            Assert.Null(error.Net);
        }

        [Fact]
        public void VirNetMessageStreamEncode()
        {
            byte[] text = Encoding.ASCII.GetBytes(StreamText);
            Assert.Equal(43, text.Length);
            var header = new RpcHeader(0x11223344, 1, 0x666, RpcMessageType.Stream, 0x99, RpcStatus.Continue);
            byte[] encoded = RpcPacket.EncodeRaw(header, text, 0, text.Length);
            Assert.Equal(0x47, encoded.Length); // no XDR length word, no padding
            Assert.Equal(Hex(Bytes(NetMessageStreamHeader)) + Hex(text), Hex(encoded));

            var packet = RpcPacket.Decode(encoded);
            Assert.Equal(RpcMessageType.Stream, packet.Header.Type);
            Assert.Equal(RpcStatus.Continue, packet.Header.Status);
            Assert.Equal(StreamText, Encoding.ASCII.GetString(packet.PayloadReader().ReadRemaining()));
        }

        [Fact]
        public void EncodeRawTakesASlice()
        {
            byte[] text = Encoding.ASCII.GetBytes("xx" + StreamText + "yy");
            var header = new RpcHeader(0x11223344, 1, 0x666, RpcMessageType.Stream, 0x99, RpcStatus.Continue);
            Assert.Equal(Hex(Bytes(NetMessageStreamHeader)) + Hex(Encoding.ASCII.GetBytes(StreamText)),
                         Hex(RpcPacket.EncodeRaw(header, text, 2, 43)));
        }

        // ------------------------------------------------------------------ length checks (§7.1)

        [Theory]
        [InlineData(0u, "packet 0 bytes received from server too small, want 4")]
        [InlineData(3u, "packet 3 bytes received from server too small, want 4")]
        [InlineData(4u, "packet length 4 is shorter than a header (28 bytes)")]
        [InlineData(27u, "packet length 27 is shorter than a header (28 bytes)")]
        public void LengthShorterThanAHeaderIsRejected(uint length, string message)
        {
            var e = Assert.Throws<XdrException>(() => RpcPacket.CheckLength(length));
            Assert.Equal(message, e.Message);
        }

        [Theory]
        [InlineData(28u, 24)]
        [InlineData(33554436u, 33554432)]
        public void LengthWithinLimitsGivesTheBodyLength(uint length, int body)
        {
            Assert.Equal(body, RpcPacket.CheckLength(length));
        }

        [Theory]
        [InlineData(33554437u, "packet 33554433 bytes received from server too large, want 33554432")]
        [InlineData(0xffffffffu, "packet -5 bytes received from server too large, want 33554432")] // %d of an unsigned int, as libvirt prints it
        public void LengthOverTheMaximumUsesLibvirtsWording(uint length, string message)
        {
            var e = Assert.Throws<XdrException>(() => RpcPacket.CheckLength(length));
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void DecodeRejectsAPacketShorterThanAHeader()
        {
            byte[] bytes = Bytes(AuthListCall);
            Array.Resize(ref bytes, 27);
            Assert.Throws<XdrException>(() => RpcPacket.Decode(bytes));
        }

        [Fact]
        public void DecodeRejectsALengthWordThatDisagreesWithTheBytes()
        {
            byte[] bytes = Bytes(GetStateReply);
            Array.Resize(ref bytes, bytes.Length - 4);
            Assert.Throws<XdrException>(() => RpcPacket.Decode(bytes));
            bytes = Bytes(GetStateReply);
            Array.Resize(ref bytes, bytes.Length + 4);
            Assert.Throws<XdrException>(() => RpcPacket.Decode(bytes));
        }

        [Fact]
        public void DecodeBodyReadsHeaderAndPayloadAfterTheLengthWord()
        {
            byte[] whole = Bytes(GetStateReply);
            int length = RpcPacket.CheckLength(new XdrReader(whole).ReadUInt32());
            var body = new byte[length + 10]; // a reused, larger receive buffer
            Buffer.BlockCopy(whole, 4, body, 0, length);
            var packet = RpcPacket.DecodeBody(body, length);
            Assert.Equal(212, packet.Header.Procedure);
            Assert.Equal(7u, packet.Header.Serial);
            Assert.Equal(8, packet.PayloadLength);
            var ret = Body<DomainGetStateRet>(packet);
            Assert.Equal(1, ret.State);
        }

        [Fact]
        public void DecodeBodyRejectsATruncatedHeader()
        {
            Assert.Throws<XdrException>(() => RpcPacket.DecodeBody(new byte[23], 23));
        }

        [Fact]
        public void EncodeRefusesAMessageOverTheMaximum()
        {
            var header = new RpcHeader(Remote, 1, (int)RemoteProcedure.DomainDefineXml, RpcMessageType.Call, 9, RpcStatus.Ok);
            // Header (24) + string length (4) + 33554408 bytes = 33554436 > 33554432.
            var body = new OversizeBody(33554408);
            Assert.Throws<XdrException>(() => RpcPacket.Encode(header, body));
            // One word less fits exactly: 24 + 4 + 33554404 = 33554432.
            Assert.Equal(33554436, RpcPacket.Encode(header, new OversizeBody(33554404)).Length);
        }

        private sealed class OversizeBody : IXdrSerializable
        {
            private readonly int _size;
            public OversizeBody(int size) { _size = size; }
            public void WriteTo(XdrWriter writer) => writer.WriteOpaque(new byte[_size]);
            public void ReadFrom(XdrReader reader) => throw new NotSupportedException();
        }

        [Fact]
        public void HeaderToStringShowsTheFields()
        {
            var header = RpcPacket.Decode(Bytes(LifecycleEvent)).Header;
            Assert.Equal("prog=0x20008086 vers=1 proc=318 type=Message serial=1 status=Ok", header.ToString());
        }
    }
}
