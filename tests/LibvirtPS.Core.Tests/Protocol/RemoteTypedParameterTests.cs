using System;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;
using static LibvirtPS.Core.Tests.Rpc.GoldenPackets;

namespace LibvirtPS.Core.Tests.Protocol
{
    /// <summary><c>remote_typed_param</c>: a string then a union on an int discriminant 1..7 (libvirt-facts §7.6).</summary>
    public class RemoteTypedParameterTests
    {
        private const string FieldX = "00000001 78000000"; // "x"

        public static TheoryData<RemoteTypedParameter, string> Cases => new TheoryData<RemoteTypedParameter, string>
        {
            { RemoteTypedParameter.FromInt("x", -2), FieldX + "00000001 fffffffe" },
            { RemoteTypedParameter.FromUInt("x", 0xfffffffe), FieldX + "00000002 fffffffe" },
            { RemoteTypedParameter.FromLLong("x", -2), FieldX + "00000003 fffffffffffffffe" },
            { RemoteTypedParameter.FromULLong("x", 0x0123456789abcdef), FieldX + "00000004 0123456789abcdef" },
            { RemoteTypedParameter.FromDouble("x", 1.5), FieldX + "00000005 3ff8000000000000" },
            { RemoteTypedParameter.FromBoolean("x", true), FieldX + "00000006 00000001" },
            { RemoteTypedParameter.FromBoolean("x", false), FieldX + "00000006 00000000" },
            { RemoteTypedParameter.FromString("x", "abcde"), FieldX + "00000007 00000005 6162636465000000" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void EachTypeHasItsWireForm(RemoteTypedParameter parameter, string hex)
        {
            var w = new XdrWriter();
            parameter.WriteTo(w);
            Assert.Equal(Hex(Bytes(hex)), Hex(w.ToArray()));

            var back = new RemoteTypedParameter();
            var r = new XdrReader(w.ToArray());
            back.ReadFrom(r);
            r.EnsureEnd();
            Assert.Equal(parameter.Field, back.Field);
            Assert.Equal(parameter.Type, back.Type);
            Assert.Equal(parameter.Value, back.Value);
            Assert.Equal(parameter.Value.GetType(), back.Value.GetType());
        }

        [Theory]
        [InlineData("00000000")]
        [InlineData("00000008")]
        [InlineData("ffffffff")]
        public void UnknownDiscriminantIsAnXdrError(string type)
        {
            var r = new XdrReader(Bytes("00000001 78000000" + type + "00000000 00000000"));
            var e = Assert.Throws<XdrException>(() => new RemoteTypedParameter().ReadFrom(r));
            Assert.Equal("typed parameter 'x' has unknown type " + unchecked((int)Convert.ToUInt32(type, 16)), e.Message);
        }

        [Fact]
        public void BooleanAcceptsAnyNonZeroWord()
        {
            var p = new RemoteTypedParameter();
            p.ReadFrom(new XdrReader(Bytes(FieldX + "00000006 00000002")));
            Assert.Equal(true, p.Value);
        }

        [Fact]
        public void TruncatedValueThrows()
        {
            Assert.Throws<XdrException>(() => new RemoteTypedParameter().ReadFrom(new XdrReader(Bytes(FieldX + "00000003 00000000"))));
            Assert.Throws<XdrException>(() => new RemoteTypedParameter().ReadFrom(new XdrReader(Bytes(FieldX))));
        }

        [Fact]
        public void ValueMustMatchTheType()
        {
            Assert.Throws<ArgumentException>(() => new RemoteTypedParameter("x", RemoteTypedParameterType.Int, 1L));
            Assert.Throws<ArgumentException>(() => new RemoteTypedParameter("x", RemoteTypedParameterType.String, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RemoteTypedParameter("x", (RemoteTypedParameterType)8, 1));
            Assert.Throws<ArgumentNullException>(() => new RemoteTypedParameter("x", RemoteTypedParameterType.String, null!));
        }

        [Fact]
        public void ToStringShowsFieldAndValue()
        {
            Assert.Equal("state.state=1", RemoteTypedParameter.FromInt("state.state", 1).ToString());
            Assert.Equal("x=1.5", RemoteTypedParameter.FromDouble("x", 1.5).ToString());
            Assert.Equal("x=yes", RemoteTypedParameter.FromBoolean("x", true).ToString());
        }

        [Fact]
        public void DomainStatsReplyCarriesTypedParameters()
        {
            // `virsh domstats --state` (§7.10 hints): one record, params state.state (INT 1) and state.reason (INT 1).
            var ret = new ConnectGetAllDomainStatsRet
            {
                RetStats = new[]
                {
                    new RemoteDomainStatsRecord
                    {
                        Dom = new RemoteNonnullDomain("test", (byte[])TestUuid.Clone(), 1),
                        Params = new[] { RemoteTypedParameter.FromInt("state.state", 1), RemoteTypedParameter.FromInt("state.reason", 1) },
                    },
                },
            };
            var w = new XdrWriter();
            ret.WriteTo(w);
            string expected =
                "00000001" +                                                  // retStats count
                "00000004 74657374 6695eb01f6a4830479aa97f2502e193f 00000001" + // dom
                "00000002" +                                                  // params count
                "0000000b 73746174652e737461746500 00000001 00000001" +        // state.state INT 1
                "0000000c 73746174652e726561736f6e 00000001 00000001";         // state.reason INT 1
            Assert.Equal(Hex(Bytes(expected)), Hex(w.ToArray()));

            var back = new ConnectGetAllDomainStatsRet();
            var r = new XdrReader(w.ToArray());
            back.ReadFrom(r);
            r.EnsureEnd();
            var record = Assert.Single(back.RetStats);
            Assert.Equal("test", record.Dom.Name);
            Assert.Equal(new[] { "state.state=1", "state.reason=1" }, Array.ConvertAll(record.Params, p => p.ToString()));
        }
    }
}
