using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Fixtures.FakeRpcServer;

namespace LibvirtPS.Core.Tests.Auth
{
    /// <summary>The auth calls on the wire, against a hand-framed fake daemon: nil vs empty, AUTH_LIST rules, polkit.</summary>
    public sealed class RemoteAuthWireTests
    {
        private static byte[] ErrorPayload(LibvirtErrorCode code, LibvirtErrorDomain domain, string message)
        {
            var w = new XdrWriter();
            new RemoteError { Code = (int)code, Domain = (int)domain, Message = message, Level = 2 }.WriteTo(w);
            return w.ToArray();
        }

        private static byte[] CharArray(byte[] data) =>
            Concat(new[] { XdrInt(data.Length) }.Concat(data.Select(b => XdrInt((sbyte)b))).ToArray());

        /// <summary>A fake daemon: AUTH_LIST answers <paramref name="types"/>; SASL offers PLAIN; polkit as given; the rest void.</summary>
        private static FakeRpcServer Daemon(int[] types, ConcurrentQueue<FakeCall> calls, Func<FakeCall, byte[]>? polkit = null)
        {
            return new FakeRpcServer(async (c, ct) =>
            {
                while (true)
                {
                    var call = await c.ReadNextCallAsync(ct);
                    calls.Enqueue(call);
                    byte[] reply = call.Procedure switch
                    {
                        66 => Reply(call, Concat(new[] { XdrInt(types.Length) }.Concat(types.Select(XdrInt)).ToArray())),
                        67 => Reply(call, XdrString("PLAIN")),
                        68 => Reply(call, Concat(XdrInt(1), XdrInt(1), XdrInt(0))),
                        70 => polkit != null ? polkit(call) : Reply(call, XdrInt(1)),
                        _ => Reply(call),
                    };
                    await c.WriteAsync(reply, ct);
                }
            });
        }

        private static Task<RemoteHypervisor> Open(string uri, NetworkCredential? cred, CancellationToken ct) =>
            RemoteHypervisor.OpenAsync(ConnectionPlanner.Plan(uri, new ConnectionOptions()),
                new RemoteOpenOptions { Credential = cred, KeepAliveInterval = 0 }, ct);

        [Fact]
        public async Task Sasl_start_carries_mech_nil_and_char_array_data()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            using var server = Daemon(new[] { 1 }, calls);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            // PLAIN over tcp is refused by the choice (min SSF 56), so ask over tcp with a registry-independent path: tls is not
            // available on the fake; use the exchange directly over an RpcClient instead
            var stream = await server.ConnectAsync(cts.Token);
            using var rpc = new RpcClient(stream);
            rpc.Start();
            var ex = new RemoteSaslExchange(rpc);
            Assert.Equal("PLAIN", await ex.InitAsync(cts.Token));
            var r1 = await ex.StartAsync("PLAIN", new byte[] { 0x41, 0xFF }, cts.Token);
            var r2 = await ex.StartAsync("PLAIN", null, cts.Token);
            var r3 = await ex.StartAsync("PLAIN", new byte[0], cts.Token);
            Assert.True(r1.Complete);
            Assert.Null(r1.Data); // nil = 1 → null
            var starts = calls.Where(c => c.Procedure == 68).ToArray();
            Assert.Equal(Concat(XdrString("PLAIN"), XdrInt(0), CharArray(new byte[] { 0x41, 0xFF })), starts[0].Payload);
            Assert.Equal(Concat(XdrString("PLAIN"), XdrInt(1), XdrInt(0)), starts[1].Payload);
            Assert.Equal(Concat(XdrString("PLAIN"), XdrInt(0), XdrInt(0)), starts[2].Payload);
        }

        [Fact]
        public async Task Empty_reply_data_is_not_nil()
        {
            using var server = new FakeRpcServer(async (c, ct) =>
            {
                while (true)
                {
                    var call = await c.ReadNextCallAsync(ct);
                    await c.WriteAsync(Reply(call, Concat(XdrInt(0), XdrInt(0), XdrInt(0))), ct);
                }
            });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var rpc = new RpcClient(await server.ConnectAsync(cts.Token));
            rpc.Start();
            var r = await new RemoteSaslExchange(rpc).StepAsync(null, cts.Token);
            Assert.False(r.Complete);
            Assert.NotNull(r.Data);
            Assert.Empty(r.Data!);
        }

        [Fact]
        public async Task Polkit_success_goes_on_to_connect_open()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            using var server = Daemon(new[] { 2 }, calls);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var conn = await Open(server.TcpUri, null, cts.Token);
            Assert.Equal(new[] { 66, 70, 1 }, calls.Select(c => c.Procedure).Take(3));
        }

        [Fact]
        public async Task Polkit_denial_is_the_daemons_error()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            const string denial = "authentication failed: access denied by policy";
            using var server = Daemon(new[] { 2 }, calls, call => Packet(call.Program, call.Version, call.Procedure, 1, call.Serial, 1,
                ErrorPayload(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc, denial)));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var e = await Assert.ThrowsAsync<LibvirtException>(() => Open(server.TcpUri + "?auth=polkit", null, cts.Token));
            Assert.Equal(denial, e.Message);
            Assert.Equal(LibvirtErrorCode.AuthFailed, e.Code);
            Assert.DoesNotContain(calls, c => c.Procedure == 1);
        }

        [Theory]
        [InlineData(new[] { 1 }, "polkit", "requested authentication type polkit rejected")]
        [InlineData(new[] { 2 }, "SASL.SCRAM-SHA-1", "requested authentication type SASL.SCRAM-SHA-1 rejected")]
        [InlineData(new[] { 1 }, "kerberos", "unknown authentication type kerberos")]
        [InlineData(new[] { 1 }, "saslx", "unknown authentication type saslx")]
        [InlineData(new[] { 7 }, null, "unsupported authentication type 7")]
        public async Task Auth_list_rules(int[] types, string? auth, string detail)
        {
            var calls = new ConcurrentQueue<FakeCall>();
            using var server = Daemon(types, calls);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var e = await Assert.ThrowsAsync<LibvirtException>(() => Open(server.TcpUri + (auth != null ? "?auth=" + auth : ""), null, cts.Token));
            Assert.Equal("authentication failed: " + detail, e.Message);
        }

        [Fact]
        public async Task Plain_tcp_refuses_plaintext_mechanisms_before_sending_credentials()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            using var server = Daemon(new[] { 1 }, calls);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var e = await Assert.ThrowsAsync<LibvirtException>(() => Open(server.TcpUri, new NetworkCredential("fred", "secret"), cts.Token));
            Assert.Contains("No worthy mechs found", e.Message);
            Assert.DoesNotContain(calls, c => c.Procedure == 68);
        }
    }
}
