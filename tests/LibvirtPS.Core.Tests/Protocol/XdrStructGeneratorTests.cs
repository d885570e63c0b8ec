using System;
using System.Linq;
using System.Reflection;
using System.Text;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;
using static LibvirtPS.Core.Tests.Rpc.GoldenPackets;

namespace LibvirtPS.Core.Tests.Protocol
{
    /// <summary>
    /// The code LibvirtPS.Core.Generators writes for [XdrStruct] declarations. <see cref="XdrMappingSample"/> (internal,
    /// in the core) uses every mapping; the message types are checked against the captured packets of libvirt-facts §7.10.
    /// </summary>
    public class XdrStructGeneratorTests
    {
        private static readonly byte[] Uuid2 = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

        private static XdrMappingSample FullSample() => new XdrMappingSample
        {
            Int32 = -5,
            UInt32 = 0xfffffff0,
            Int64 = -1234567890123,
            UInt64 = 0xfedcba9876543210,
            Bool = true,
            Double = -2.25,
            Single = 0.5f,
            UChar = 0xfe,
            Char = -3,
            Short = -300,
            UShort = 65000,
            Text = "hello",
            Bounded = "12345678",
            MaybeText = "maybe",
            Opaque = new byte[] { 1, 2, 3 },
            Fixed6 = new byte[] { 9, 8, 7, 6, 5, 4 },
            FixedChars = new byte[] { 0xff, 0x41, 0x00 },
            VarChars = Encoding.ASCII.GetBytes("sasl"),
            MaybeOpaque = new byte[] { 0xaa },
            Enum = RemoteAuthType.Polkit,
            UnsignedEnum = XdrSampleUnsignedEnum.High,
            Nested = new RemoteNonnullDomain("test", (byte[])TestUuid.Clone(), 1),
            NestedValue = new XdrSampleValue { A = 7, B = 8 },
            HandWritten = RemoteTypedParameter.FromString("f", "v"),
            MaybeNested = new RemoteNonnullDomain("other", (byte[])Uuid2.Clone(), -1),
            MaybeNestedValue = new XdrSampleValue { A = -1, B = ulong.MaxValue },
            MaybeInt = 42,
            MaybeEnum = RemoteAuthType.Sasl,
            Ints = new[] { 1, -1, 3, 4 },
            Hypers = new[] { 1UL, ulong.MaxValue },
            Strings = new[] { "a", "", "bcd" },
            Domains = new[] { new RemoteNonnullDomain("d1", (byte[])Uuid2.Clone(), 3) },
            Params = new[] { RemoteTypedParameter.FromInt("i", 1), RemoteTypedParameter.FromBoolean("b", true) },
            Enums = new[] { RemoteAuthType.None, RemoteAuthType.Sasl },
            Values = new[] { new XdrSampleValue { A = 1, B = 2 } },
            Uuids = new[] { (byte[])TestUuid.Clone(), (byte[])Uuid2.Clone() },
            Blobs = new[] { new byte[] { 5 }, new byte[0] },
            Empties = new[] { new VoidMessage(), new VoidMessage() },
        };

        private static byte[] Encode(IXdrSerializable value)
        {
            var w = new XdrWriter();
            value.WriteTo(w);
            return w.ToArray();
        }

        private static T Decode<T>(byte[] bytes) where T : IXdrSerializable, new()
        {
            var value = new T();
            var r = new XdrReader(bytes);
            value.ReadFrom(r);
            r.EnsureEnd();
            return value;
        }

        [Fact]
        public void EveryMappingHasTheDocumentedWireForm()
        {
            var s = FullSample();
            var r = new XdrReader(Encode(s));
            // Scalars: 4 bytes except hyper and double; small C types widen to a word.
            Assert.Equal(-5, r.ReadInt32());
            Assert.Equal(0xfffffff0u, r.ReadUInt32());
            Assert.Equal(-1234567890123L, r.ReadInt64());
            Assert.Equal(0xfedcba9876543210UL, r.ReadUInt64());
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal(-2.25, r.ReadDouble());
            Assert.Equal(0.5f, r.ReadSingle());
            Assert.Equal(0xfeu, r.ReadUInt32());           // unsigned char: zero-extended
            Assert.Equal(-3, r.ReadInt32());               // char: sign-extended
            Assert.Equal(-300, r.ReadInt32());             // short
            Assert.Equal(65000u, r.ReadUInt32());          // unsigned short
            // Strings.
            Assert.Equal("hello", r.ReadString());
            Assert.Equal("12345678", r.ReadString());
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal("maybe", r.ReadString());
            // Opaque and char arrays.
            Assert.Equal(new byte[] { 1, 2, 3 }, r.ReadOpaque());
            Assert.Equal(new byte[] { 9, 8, 7, 6, 5, 4 }, r.ReadFixedOpaque(6));
            Assert.Equal(0xffffffffu, r.ReadUInt32());     // char x[3]: 0xFF sign-extended, no count word
            Assert.Equal(0x41u, r.ReadUInt32());
            Assert.Equal(0u, r.ReadUInt32());
            Assert.Equal(4u, r.ReadUInt32());              // char x<10>: count, then one word per byte
            Assert.Equal(Encoding.ASCII.GetBytes("sasl"), r.ReadFixedCharArray(4));
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal(new byte[] { 0xaa }, r.ReadOpaque());
            // Enums.
            Assert.Equal(2, r.ReadInt32());
            Assert.Equal(0xfffffff0u, r.ReadUInt32());
            // Nested generated class, generated struct, hand-written union.
            Assert.Equal("test", r.ReadString());
            Assert.Equal(TestUuid, r.ReadFixedOpaque(16));
            Assert.Equal(1, r.ReadInt32());
            Assert.Equal(7, r.ReadInt32());
            Assert.Equal(8UL, r.ReadUInt64());
            Assert.Equal("f", r.ReadString());
            Assert.Equal(7, r.ReadInt32());
            Assert.Equal("v", r.ReadString());
            // Optionals: a 1 word, then the value.
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal("other", r.ReadString());
            Assert.Equal(Uuid2, r.ReadFixedOpaque(16));
            Assert.Equal(-1, r.ReadInt32());
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal(-1, r.ReadInt32());
            Assert.Equal(ulong.MaxValue, r.ReadUInt64());
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal(42, r.ReadInt32());
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal(1, r.ReadInt32());
            // Arrays: a count, then the elements.
            Assert.Equal(4u, r.ReadUInt32());
            Assert.Equal(new[] { 1, -1, 3, 4 }, new[] { r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32() });
            Assert.Equal(2u, r.ReadUInt32());
            Assert.Equal(1UL, r.ReadUInt64());
            Assert.Equal(ulong.MaxValue, r.ReadUInt64());
            Assert.Equal(3u, r.ReadUInt32());
            Assert.Equal(new[] { "a", "", "bcd" }, new[] { r.ReadString(), r.ReadString(), r.ReadString() });
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal("d1", r.ReadString());
            r.ReadFixedOpaque(16);
            Assert.Equal(3, r.ReadInt32());
            Assert.Equal(2u, r.ReadUInt32());
            Assert.Equal("i", r.ReadString());
            Assert.Equal(1, r.ReadInt32());
            Assert.Equal(1, r.ReadInt32());
            Assert.Equal("b", r.ReadString());
            Assert.Equal(6, r.ReadInt32());
            Assert.Equal(1, r.ReadInt32());
            Assert.Equal(2u, r.ReadUInt32());
            Assert.Equal(0, r.ReadInt32());
            Assert.Equal(1, r.ReadInt32());
            Assert.Equal(1u, r.ReadUInt32());
            Assert.Equal(1, r.ReadInt32());
            Assert.Equal(2UL, r.ReadUInt64());
            Assert.Equal(2u, r.ReadUInt32());              // fixed opaque elements: no length words
            Assert.Equal(TestUuid, r.ReadFixedOpaque(16));
            Assert.Equal(Uuid2, r.ReadFixedOpaque(16));
            Assert.Equal(2u, r.ReadUInt32());
            Assert.Equal(new byte[] { 5 }, r.ReadOpaque());
            Assert.Equal(new byte[0], r.ReadOpaque());
            Assert.Equal(2u, r.ReadUInt32());              // zero-size elements: only the count
            r.EnsureEnd();                                 // IntsCount (computed) is not encoded
        }

        [Fact]
        public void EveryMappingRoundTrips()
        {
            var s = FullSample();
            byte[] bytes = Encode(s);
            var back = Decode<XdrMappingSample>(bytes);
            Assert.Equal(bytes, Encode(back));

            Assert.Equal(s.Int32, back.Int32);
            Assert.Equal(s.UInt32, back.UInt32);
            Assert.Equal(s.Int64, back.Int64);
            Assert.Equal(s.UInt64, back.UInt64);
            Assert.Equal(s.Bool, back.Bool);
            Assert.Equal(s.Double, back.Double);
            Assert.Equal(s.Single, back.Single);
            Assert.Equal(s.UChar, back.UChar);
            Assert.Equal(s.Char, back.Char);
            Assert.Equal(s.Short, back.Short);
            Assert.Equal(s.UShort, back.UShort);
            Assert.Equal(s.Text, back.Text);
            Assert.Equal(s.Bounded, back.Bounded);
            Assert.Equal(s.MaybeText, back.MaybeText);
            Assert.Equal(s.Opaque, back.Opaque);
            Assert.Equal(s.Fixed6, back.Fixed6);
            Assert.Equal(s.FixedChars, back.FixedChars);
            Assert.Equal(s.VarChars, back.VarChars);
            Assert.Equal(s.MaybeOpaque, back.MaybeOpaque);
            Assert.Equal(s.Enum, back.Enum);
            Assert.Equal(s.UnsignedEnum, back.UnsignedEnum);
            Assert.Equal(s.Nested.ToString(), back.Nested.ToString());
            Assert.Equal(s.NestedValue, back.NestedValue);
            Assert.Equal(s.HandWritten.ToString(), back.HandWritten.ToString());
            Assert.Equal(s.MaybeNested!.ToString(), back.MaybeNested!.ToString());
            Assert.Equal(s.MaybeNestedValue, back.MaybeNestedValue);
            Assert.Equal(s.MaybeInt, back.MaybeInt);
            Assert.Equal(s.MaybeEnum, back.MaybeEnum);
            Assert.Equal(s.Ints, back.Ints);
            Assert.Equal(s.Hypers, back.Hypers);
            Assert.Equal(s.Strings, back.Strings);
            Assert.Equal(s.Domains.Select(d => d.ToString()), back.Domains.Select(d => d.ToString()));
            Assert.Equal(s.Params.Select(p => p.ToString()), back.Params.Select(p => p.ToString()));
            Assert.Equal(s.Enums, back.Enums);
            Assert.Equal(s.Values, back.Values);
            Assert.Equal(s.Uuids, back.Uuids);
            Assert.Equal(s.Blobs, back.Blobs);
            Assert.Equal(2, back.Empties.Length);
        }

        [Fact]
        public void NullOptionalsAreASingleZeroWord()
        {
            var s = FullSample();
            s.MaybeText = null;
            s.MaybeOpaque = null;
            s.MaybeNested = null;
            s.MaybeNestedValue = null;
            s.MaybeInt = null;
            s.MaybeEnum = null;
            byte[] bytes = Encode(s);
            Assert.Equal(Encode(FullSample()).Length - (4 + 8) - (4 + 4) - (4 + 8 + 16 + 4) - 12 - 4 - 4, bytes.Length);
            var back = Decode<XdrMappingSample>(bytes);
            Assert.Null(back.MaybeText);
            Assert.Null(back.MaybeOpaque);
            Assert.Null(back.MaybeNested);
            Assert.Null(back.MaybeNestedValue);
            Assert.Null(back.MaybeInt);
            Assert.Null(back.MaybeEnum);
            Assert.Equal(bytes, Encode(back));
        }

        [Fact]
        public void DefaultsEncode()
        {
            var back = Decode<XdrMappingSample>(Encode(new XdrMappingSample()));
            Assert.Equal("", back.Text);
            Assert.Equal(-1, back.Nested.Id);
            Assert.Empty(back.Ints);
        }

        [Fact]
        public void NullInANonOptionalMemberIsAnXdrError()
        {
            var s = FullSample();
            s.Text = null!;
            Assert.Equal("XdrMappingSample.Text is null; only [XdrOptional] members may be null",
                Assert.Throws<XdrException>(() => Encode(s)).Message);
            s = FullSample();
            s.Domains = new RemoteNonnullDomain[] { null! };
            Assert.Equal("XdrMappingSample.Domains[] is null; only [XdrOptional] members may be null",
                Assert.Throws<XdrException>(() => Encode(s)).Message);
            Assert.Throws<XdrException>(() => Encode(new DomainGetStateArgs { Dom = null! }));
        }

        [Fact]
        public void BoundsAreCheckedBothWays()
        {
            var s = FullSample();
            s.Ints = new int[5];
            Assert.Equal("XdrMappingSample.Ints: array of 5 elements is over the limit of 4",
                Assert.Throws<XdrException>(() => Encode(s)).Message);
            s = FullSample();
            s.Bounded = "123456789";
            Assert.Throws<XdrException>(() => Encode(s));
            s = FullSample();
            s.Fixed6 = new byte[5];
            Assert.Throws<XdrException>(() => Encode(s));

            // A peer announcing 17 auth types more than the 20 allowed.
            var e = Assert.Throws<XdrException>(() => Decode<AuthListRet>(Bytes("00000015" + string.Concat(Enumerable.Repeat("00000000", 21)))));
            Assert.Equal("array of 21 elements is over the limit of 20", e.Message);
            // SASL data over REMOTE_AUTH_SASL_DATA_MAX.
            Assert.Throws<XdrException>(() => Encode(new AuthSaslStepArgs { Data = new byte[65537] }));
        }

        [Fact]
        public void GeneratedTypesImplementTheInterface()
        {
            var xdrStructs = typeof(RemoteError).Assembly.GetTypes()
                .Where(t => t.GetCustomAttribute<XdrStructAttribute>() != null)
                .ToList();
            Assert.True(xdrStructs.Count > 80, "found " + xdrStructs.Count);
            Assert.All(xdrStructs, t => Assert.True(typeof(IXdrSerializable).IsAssignableFrom(t), t.Name));
            Assert.All(xdrStructs.Where(t => t.Namespace == "LibvirtPS.Core.Protocol" && t.IsPublic), t =>
                Assert.NotNull(t.GetConstructor(Type.EmptyTypes)));
        }

        [Fact]
        public void EmptyStructEncodesToNothing()
        {
            Assert.Empty(Encode(VoidMessage.Instance));
            Decode<VoidMessage>(new byte[0]);
        }

        // ------------------------------------------------------------------ golden replies through generated code

        [Fact]
        public void NodeGetInfoGoldenReplyDecodes()
        {
            var packet = RpcPacket.Decode(Bytes(NodeGetInfoReply));
            var ret = Decode<NodeGetInfoRet>(packet.PayloadReader().ReadRemaining());
            Assert.Equal("i686", ret.ModelString);
            Assert.Equal(3145728UL, ret.Memory);
            Assert.Equal(16, ret.Cpus);
            Assert.Equal(1400, ret.Mhz);
            Assert.Equal(2, ret.Nodes);
            Assert.Equal(2, ret.Sockets);
            Assert.Equal(2, ret.Cores);
            Assert.Equal(2, ret.Threads);
        }

        [Fact]
        public void DomainGetInfoGoldenReplyDecodes()
        {
            var packet = RpcPacket.Decode(Bytes(DomainGetInfoReply));
            var ret = Decode<DomainGetInfoRet>(packet.PayloadReader().ReadRemaining());
            Assert.Equal(1, ret.State);
            Assert.Equal(8388608UL, ret.MaxMem);
            Assert.Equal(2097152UL, ret.Memory);
            Assert.Equal(2, ret.NrVirtCpu);
            Assert.Equal(0x18ea98713982d188UL, ret.CpuTime);
        }

        [Fact]
        public void NarrowCTypesKeepTheLowBitsLikeGlibc()
        {
            // xdr_u_char / xdr_u_short decode a whole word and keep its low 8 / 16 bits.
            var ret = Decode<DomainGetInfoRet>(Bytes("00000105 0000000000000000 0000000000000000 00010002 0000000000000000"));
            Assert.Equal(5, ret.State);
            Assert.Equal(2, ret.NrVirtCpu);
        }
    }
}
