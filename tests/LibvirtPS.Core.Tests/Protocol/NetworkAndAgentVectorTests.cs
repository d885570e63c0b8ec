// Byte vectors for the calls the test driver cannot answer (it has no DHCP leases and no guest agent), derived by
// hand from the XDR declarations, not from our generator:
//
//   remote_protocol.x  struct remote_network_get_dhcp_leases_args { remote_nonnull_network net; remote_string mac;
//                                                                    int need_results; unsigned int flags; };
//                      struct remote_network_dhcp_lease { remote_nonnull_string iface; hyper expirytime; int type;
//                          remote_string mac; remote_string iaid; remote_nonnull_string ipaddr; unsigned int prefix;
//                          remote_string hostname; remote_string clientid; };
//                      struct remote_network_get_dhcp_leases_ret { remote_network_dhcp_lease leases<>; unsigned int ret; };
//   qemu_protocol.x    struct qemu_domain_agent_command_args { remote_nonnull_domain dom; remote_nonnull_string cmd;
//                                                              int timeout; unsigned int flags; };
//                      struct qemu_domain_agent_command_ret { remote_string result; };
//   remote_nonnull_network = { string name; opaque uuid[16]; }, remote_nonnull_domain = { string name; opaque uuid[16]; int id; },
//   remote_string = string* (a 0/1 word, then the string), strings = length word + bytes + zero padding to 4.
//
// Then the same calls through RemoteHypervisor against a scripted peer: the bytes on the wire, the program/procedure
// numbers, and the decoding of success and "not supported" replies.

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Protocol
{
    public class NetworkAndAgentVectorTests
    {
        private static readonly Guid DefaultNetworkUuid = Guid.Parse("dd8fe884-6c02-601e-7551-cca97df1c5df");
        private static readonly Guid TestDomainUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");

        private const string NetDefault =
            "00000007" + "64656661756c7400" +                   // name "default" (7) + 1 pad
            "dd8fe8846c02601e7551cca97df1c5df";                   // uuid

        private const string DhcpArgsAll = NetDefault +
            "00000000" +                                          // mac: absent
            "00000001" +                                          // need_results 1
            "00000000";                                           // flags 0

        private const string DhcpArgsMac = NetDefault +
            "00000001" + "00000011" + "35323a35343a30303a61613a62623a6363000000" + // mac present, "52:54:00:aa:bb:cc" (17) + 3 pad
            "00000001" + "00000000";

        private const string DhcpRet =
            "00000001" +                                          // one lease
            "00000006" + "7669726272300000" +                     // iface "virbr0" (6) + 2 pad
            "000000006553f100" +                                  // expirytime hyper 1700000000
            "00000000" +                                          // type 0 (ipv4)
            "00000001" + "00000011" + "35323a35343a30303a61613a62623a6363000000" + // mac
            "00000000" +                                          // iaid: absent
            "0000000e" + "3139322e3136382e3132322e31310000" +     // ipaddr "192.168.122.11" (14) + 2 pad
            "00000018" +                                          // prefix 24
            "00000001" + "00000002" + "68310000" +                // hostname "h1"
            "00000000" +                                          // clientid: absent
            "00000001";                                           // ret 1

        private const string AgentCommand = "{\"execute\":\"guest-ping\"}";

        private const string AgentArgs =
            "00000004" + "74657374" +                             // dom.name "test"
            "6695eb01f6a4830479aa97f2502e193f" +                  // dom.uuid
            "00000001" +                                          // dom.id 1
            "00000018" + "7b2265786563757465223a2267756573742d70696e67227d" + // cmd (24 bytes, no pad)
            "00000005" +                                          // timeout 5
            "00000000";                                           // flags 0

        private const string AgentReply = "{\"return\":{}}";
        private const string AgentRet = "00000001" + "0000000d" + "7b2272657475726e223a7b7d7d000000"; // result present, 13 bytes + 3 pad

        private static byte[] Hex(string hex) => Convert.FromHexString(hex);

        private static string Encode(IXdrSerializable value)
        {
            var w = new XdrWriter();
            value.WriteTo(w);
            return Convert.ToHexString(w.ToArray()).ToLowerInvariant();
        }

        private static T Decode<T>(string hex) where T : IXdrSerializable, new()
        {
            var r = new XdrReader(Hex(hex));
            var t = new T();
            t.ReadFrom(r);
            r.EnsureEnd();
            return t;
        }

        private static RemoteNonnullNetwork DefaultNet() =>
            new RemoteNonnullNetwork { Name = "default", Uuid = LibvirtUuid.ToBytes(DefaultNetworkUuid) };

        [Fact]
        public void DhcpLeasesArgs_EncodeAsTheXdrSays()
        {
            Assert.Equal(DhcpArgsAll, Encode(NetworkDhcpLeases.Request(DefaultNet(), null)));
            Assert.Equal(DhcpArgsMac, Encode(NetworkDhcpLeases.Request(DefaultNet(), "52:54:00:aa:bb:cc")));
        }

        [Fact]
        public void DhcpLeasesRet_DecodesToLeases()
        {
            var ret = Decode<NetworkGetDhcpLeasesRet>(DhcpRet);
            Assert.Equal(1u, ret.Ret);
            var lease = NetworkDhcpLeases.FromReply("default", ret).Single();
            Assert.Equal(("default", "virbr0", 1700000000L, NetworkIpAddressType.IPv4, "52:54:00:aa:bb:cc", (string?)null, "192.168.122.11", 24u, "h1", (string?)null),
                (lease.Network, lease.Interface, lease.ExpiryTime, lease.Type, lease.Mac, lease.Iaid, lease.IpAddress, lease.Prefix, lease.HostName, lease.ClientId));
            Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero), lease.Expires);
            // and back: the decoded struct encodes to the same bytes
            Assert.Equal(DhcpRet, Encode(ret));
        }

        [Fact]
        public void AgentCommandArgsAndRet_AsTheXdrSays()
        {
            var dom = new RemoteNonnullDomain("test", LibvirtUuid.ToBytes(TestDomainUuid), 1);
            Assert.Equal(AgentArgs, Encode(GuestAgentCommand.Request(dom, AgentCommand, 5)));
            Assert.Equal(AgentReply, Decode<QemuDomainAgentCommandRet>(AgentRet).Result);
            Assert.Null(Decode<QemuDomainAgentCommandRet>("00000000").Result);
            Assert.Equal(0x20008087u, QemuProgram.Program);
            Assert.Equal(3, (int)QemuProcedure.DomainAgentCommand);
        }

        // ------------------------------------------------------------------ through RemoteHypervisor on a scripted peer

        private static byte[] RemoteError(int code, int domain, string message) => FakeRpcServer.Concat(
            FakeRpcServer.XdrInt(code), FakeRpcServer.XdrInt(domain),
            FakeRpcServer.XdrInt(1), FakeRpcServer.XdrString(message),          // message present
            FakeRpcServer.XdrInt(2),                                            // level error
            FakeRpcServer.XdrInt(0), FakeRpcServer.XdrInt(0), FakeRpcServer.XdrInt(0), FakeRpcServer.XdrInt(0), // dom, str1..3 absent
            FakeRpcServer.XdrInt(0), FakeRpcServer.XdrInt(0),                   // int1, int2
            FakeRpcServer.XdrInt(0));                                           // net absent

        /// <summary>
        /// A peer that opens like libvirtd (AUTH_LIST [none], no keepalive, CONNECT_OPEN), answers DOMAIN_LOOKUP_BY_UUID
        /// with the test domain, answers the identity calls LibvirtConnection makes, records the one call under test and answers it with <paramref name="answer"/>.
        /// </summary>
        private static FakeRpcServer Peer(TaskCompletionSource<FakeCall> seen, Func<FakeCall, byte[]> answer) =>
            new FakeRpcServer(async (c, ct) =>
            {
                while (!ct.IsCancellationRequested)
                {
                    var call = await c.ReadNextCallAsync(ct);
                    byte[] reply;
                    if (call.Program == FakeRpcServer.RemoteProgram && call.Procedure == (int)RemoteProcedure.AuthList)
                        reply = FakeRpcServer.Reply(call, FakeRpcServer.Concat(FakeRpcServer.XdrInt(1), FakeRpcServer.XdrInt(0)));
                    else if (call.Program == FakeRpcServer.RemoteProgram && call.Procedure == (int)RemoteProcedure.ConnectSupportsFeature)
                        reply = FakeRpcServer.Reply(call, FakeRpcServer.XdrInt(0));
                    else if (call.Program == FakeRpcServer.RemoteProgram && (call.Procedure == (int)RemoteProcedure.ConnectOpen || call.Procedure == (int)RemoteProcedure.ConnectClose))
                        reply = FakeRpcServer.Reply(call);
                    else if (call.Program == FakeRpcServer.RemoteProgram && call.Procedure == (int)RemoteProcedure.DomainLookupByUuid)
                        reply = FakeRpcServer.Reply(call, Hex("00000004" + "74657374" + "6695eb01f6a4830479aa97f2502e193f" + "00000001"));
                    else if (call.Program == FakeRpcServer.RemoteProgram && (call.Procedure == (int)RemoteProcedure.ConnectGetType || call.Procedure == (int)RemoteProcedure.ConnectGetHostname))
                        reply = FakeRpcServer.Reply(call, FakeRpcServer.XdrString("fake"));
                    else if (call.Program == FakeRpcServer.RemoteProgram && (call.Procedure == (int)RemoteProcedure.ConnectGetVersion || call.Procedure == (int)RemoteProcedure.ConnectGetLibVersion))
                        reply = FakeRpcServer.Reply(call, Hex("0000000000895440")); // hyper 9000000
                    else
                    {
                        seen.TrySetResult(call);
                        reply = answer(call);
                    }
                    await c.WriteAsync(reply, ct);
                }
            });

        [Fact(Timeout = 30000)]
        public async Task AgentCommand_OnTheWire_QemuProgramProcedure3_AndReplyDecoded()
        {
            var seen = new TaskCompletionSource<FakeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = Peer(seen, call => FakeRpcServer.Reply(call, Hex(AgentRet)));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var conn = await OpenAsync(server.TcpUri, cts.Token).Within(TimeSpan.FromSeconds(10), "open");

            var reply = await conn.Hypervisor.GuestAgentCommandAsync(TestDomainUuid, AgentCommand, 5, cts.Token);
            Assert.Equal(AgentReply, reply);
            var call = await seen.Task;
            Assert.Equal((0x20008087u, 1u, 3, 0), (call.Program, call.Version, call.Procedure, call.Type));
            Assert.Equal(AgentArgs, Convert.ToHexString(call.Payload).ToLowerInvariant());
        }

        [Fact(Timeout = 30000)]
        public async Task AgentCommand_NotSupportedReply_IsLibvirtsError()
        {
            // what libvirtd's test driver sends (checked in NetworkTests against the real daemon): NO_SUPPORT, domain none
            const string text = "this function is not supported by the connection driver: virDomainQemuAgentCommand";
            var seen = new TaskCompletionSource<FakeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = Peer(seen, call => FakeRpcServer.Packet(call.Program, call.Version, call.Procedure, 1, call.Serial, 1, RemoteError(3, 0, text)));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var conn = await OpenAsync(server.TcpUri, cts.Token).Within(TimeSpan.FromSeconds(10), "open");

            var e = await Assert.ThrowsAsync<LibvirtException>(() => conn.Hypervisor.GuestAgentCommandAsync(TestDomainUuid, AgentCommand, 5, cts.Token));
            Assert.Equal((LibvirtErrorCode.NoSupport, LibvirtErrorDomain.None, text), (e.Code, e.Domain, e.Message));
        }

        [Fact(Timeout = 30000)]
        public async Task DhcpLeases_OnTheWire_Procedure341_AndLeasesDecoded()
        {
            var seen = new TaskCompletionSource<FakeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = Peer(seen, call => FakeRpcServer.Reply(call, Hex(DhcpRet)));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var conn = await OpenAsync(server.TcpUri, cts.Token).Within(TimeSpan.FromSeconds(10), "open");

            var net = new NetworkInfo("default", DefaultNetworkUuid, true, true, false, "virbr0");
            var leases = await conn.Hypervisor.GetNetworkDhcpLeasesAsync(net, "52:54:00:aa:bb:cc", cts.Token);
            Assert.Equal("192.168.122.11", leases.Single().IpAddress);
            var call = await seen.Task;
            Assert.Equal((0x20008086u, 1u, 341), (call.Program, call.Version, call.Procedure));
            Assert.Equal(DhcpArgsMac, Convert.ToHexString(call.Payload).ToLowerInvariant());
        }
    }
}
