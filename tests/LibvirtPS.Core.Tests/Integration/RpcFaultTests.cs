// Faults on the RPC connection: the daemon dying (SIGKILL) with calls pending or idle, a network that goes
// silent (keepalive through a relay that stops forwarding), and misbehaving peers (a fake server on 127.0.0.1
// that sends garbage, bad lengths, wrong serials, or nothing). Every case must end in a clear LibvirtException
// within its time bound; nothing may hang. This class has its own daemon (IClassFixture), which the kill tests
// restart, so other test classes are unaffected.

using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    public sealed class RpcFaultTests : IClassFixture<LibvirtdFixture>
    {
        /// <summary>How fast a dead peer must be noticed: far below any keepalive or call timeout in these tests.</summary>
        private static readonly TimeSpan DeadPeerLimit = TimeSpan.FromSeconds(2);

        private readonly LibvirtdFixture _fx;
        private readonly ITestOutputHelper _out;

        public RpcFaultTests(LibvirtdFixture fixture, ITestOutputHelper output)
        {
            _fx = fixture;
            _out = output;
            if (_fx.UnavailableReason == null) _fx.EnsureRunning();
        }

        private static CancellationTokenSource Budget(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        private static TaskCompletionSource<Exception?> WatchClosed(IHypervisor hv)
        {
            var tcs = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            hv.Closed += (_, reason) => tcs.TrySetResult(reason);
            return tcs;
        }

        private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0") + " ms";

        // ------------------------------------------------------------------------------------------------
        // The daemon dies

        [SkippableTheory(Timeout = 60000)]
        [InlineData("unix")]
        [InlineData("tcp")]
        public async Task DaemonKilled_WithCallsPending_FailAtOnce(string transport)
        {
            SkipIfUnavailable(_fx);
            using var cts = Budget(50);
            try
            {
                // keepalive 5 s × 6 and a 30 s call timeout: anything under 2 s can only be the socket closing
                using var conn = await OpenAsync(UriFor(_fx, transport), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
                var hv = conn.Hypervisor;
                var closed = WatchClosed(hv);
                Assert.Equal("test", (await hv.LookupDomainByNameAsync("test", cts.Token)).Name);

                // SIGSTOP first, so the calls are certainly pending (written, unanswered) when the daemon dies
                _fx.Freeze();
                var pending = Enumerable.Range(0, 100).Select(i => i % 2 == 0
                    ? (Task)hv.LookupDomainByNameAsync("test", cts.Token)
                    : hv.GetNodeInfoAsync(cts.Token)).ToArray();
                await Task.Delay(300);
                Assert.All(pending, t => Assert.False(t.IsCompleted, "a call completed while the daemon was stopped"));

                var sw = Stopwatch.StartNew();
                _fx.Kill();
                var all = Task.WhenAll(pending);
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10)));
                var elapsed = sw.Elapsed;
                Assert.True(pending.All(t => t.IsCompleted), "pending calls still waiting " + Ms(elapsed) + " after SIGKILL");
                _out.WriteLine(pending.Length + " pending calls over " + transport + " failed " + Ms(elapsed) + " after SIGKILL");
                Assert.True(elapsed < DeadPeerLimit, "took " + Ms(elapsed));

                var errors = pending.Select(t => t.Exception?.InnerException).ToList();
                Assert.All(errors, e => Assert.IsType<LibvirtException>(e));
                var first = (LibvirtException)errors[0]!;
                _out.WriteLine("error: " + first.Code + " / " + first.Domain + ": " + first.Message);
                Assert.Equal(LibvirtErrorCode.SystemError, first.Code);
                Assert.True(first.Message.StartsWith("End of file while reading data", StringComparison.Ordinal) ||
                            first.Message.StartsWith("Cannot recv data", StringComparison.Ordinal) ||
                            first.Message.StartsWith("Cannot write data", StringComparison.Ordinal), first.Message);
                Assert.All(errors, e => Assert.Equal(first.Message, e!.Message));

                Assert.False(conn.IsAlive);
                var reason = await closed.Task.Within(DeadPeerLimit, "Closed event");
                Assert.NotNull(reason);
                Assert.Equal(first.Message, reason!.Message);
                Assert.Equal(first.Message, conn.CloseReason);

                // later calls fail at once with the same reason
                var (again, t2) = await ExpectLibvirtErrorAsync(() => hv.LookupDomainByIdAsync(1, cts.Token), TimeSpan.FromSeconds(2), "call on a dead connection");
                Assert.Equal(first.Message, again.Message);
                Assert.True(t2 < TimeSpan.FromMilliseconds(500));
                await conn.CloseAsync(cts.Token).Within(TimeSpan.FromSeconds(2), "close of a dead connection");
            }
            finally
            {
                _fx.Restart();
            }
        }

        [SkippableTheory(Timeout = 60000)]
        [InlineData("unix")]
        [InlineData("tcp")]
        public async Task DaemonKilled_WhileIdle_ConnectionDiesAtOnce(string transport)
        {
            SkipIfUnavailable(_fx);
            using var cts = Budget(50);
            try
            {
                using var conn = await OpenAsync(UriFor(_fx, transport), cts.Token).Within(TimeSpan.FromSeconds(30), "open");
                var hv = conn.Hypervisor;
                var closed = WatchClosed(hv);
                await hv.GetNodeInfoAsync(cts.Token);
                Assert.True(conn.IsAlive);

                var sw = Stopwatch.StartNew();
                _fx.Kill();
                var reason = await closed.Task.Within(DeadPeerLimit, "Closed event after SIGKILL");
                var elapsed = sw.Elapsed;
                _out.WriteLine("idle connection over " + transport + " closed " + Ms(elapsed) + " after SIGKILL: " + reason?.Message);
                Assert.False(conn.IsAlive);
                var le = Assert.IsType<LibvirtException>(reason);
                Assert.Equal(LibvirtErrorCode.SystemError, le.Code);
                Assert.StartsWith("End of file while reading data", le.Message);

                var (e, t) = await ExpectLibvirtErrorAsync(() => hv.LookupDomainByNameAsync("test", cts.Token), TimeSpan.FromSeconds(2), "call after the daemon died");
                Assert.Equal(le.Message, e.Message);
                Assert.True(t < TimeSpan.FromMilliseconds(500), "took " + Ms(t));
            }
            finally
            {
                _fx.Restart();
            }

            // the restarted daemon serves new connections on the same sockets
            using var again = await OpenAsync(UriFor(_fx, transport), cts.Token).Within(TimeSpan.FromSeconds(30), "open after restart");
            Assert.Equal("test", (await again.Hypervisor.LookupDomainByIdAsync(1, cts.Token)).Name);
            await again.CloseAsync(cts.Token);
        }

        // ------------------------------------------------------------------------------------------------
        // Keepalive through a relay

        [SkippableFact(Timeout = 60000)]
        public async Task Keepalive_SilentNetwork_DeclaredDeadInTime()
        {
            SkipIfUnavailable(_fx);
            using var cts = Budget(50);
            using var relay = new LoopbackRelay(_fx.Port);
            var options = new RemoteOpenOptions { KeepAliveInterval = 1, KeepAliveCount = 2, Timeout = TimeSpan.FromSeconds(30) };
            using var conn = await OpenAsync("test+tcp://127.0.0.1:" + relay.Port + "/default", cts.Token, options: options)
                .Within(TimeSpan.FromSeconds(30), "open through relay");
            var hv = conn.Hypervisor;
            var closed = WatchClosed(hv);
            Assert.Equal("test", (await hv.LookupDomainByNameAsync("test", cts.Token)).Name);

            var sw = Stopwatch.StartNew();
            relay.Blackhole();
            var pending = hv.LookupDomainByNameAsync("test", cts.Token); // written into the void; must fail with the keepalive error, not the 30 s timeout
            var limit = TimeSpan.FromSeconds(options.KeepAliveInterval * (options.KeepAliveCount + 1)) + TimeSpan.FromSeconds(options.KeepAliveInterval) + TimeSpan.FromSeconds(1.5);
            var reason = await closed.Task.Within(limit + TimeSpan.FromSeconds(5), "keepalive death");
            var elapsed = sw.Elapsed;
            _out.WriteLine("keepalive 1 s × 2: declared dead " + Ms(elapsed) + " after the relay went silent (limit " + limit.TotalSeconds + " s); relay swallowed " + relay.Discarded + " bytes");
            Assert.True(elapsed <= limit, "took " + Ms(elapsed));
            Assert.True(elapsed >= TimeSpan.FromSeconds(options.KeepAliveInterval * options.KeepAliveCount), "too early: " + Ms(elapsed));
            Assert.Equal("connection closed due to keepalive timeout", reason?.Message);
            Assert.False(conn.IsAlive);
            Assert.True(relay.Discarded >= 2 * 28, "the client should have sent PINGs (28 bytes each) into the silent relay");

            var e = await Assert.ThrowsAsync<LibvirtException>(() => pending.Within(TimeSpan.FromSeconds(1), "pending call"));
            Assert.Equal("connection closed due to keepalive timeout", e.Message);
            var after = await Assert.ThrowsAsync<LibvirtException>(() => hv.GetNodeInfoAsync(cts.Token));
            Assert.Equal("connection closed due to keepalive timeout", after.Message);
        }

        [SkippableFact(Timeout = 60000)]
        public async Task Keepalive_HealthyIdleConnection_StaysAlive()
        {
            SkipIfUnavailable(_fx);
            using var cts = Budget(50);
            using var relay = new LoopbackRelay(_fx.Port);
            var options = new RemoteOpenOptions { KeepAliveInterval = 1, KeepAliveCount = 2, Timeout = TimeSpan.FromSeconds(30) };
            using var conn = await OpenAsync("test+tcp://127.0.0.1:" + relay.Port + "/default", cts.Token, options: options)
                .Within(TimeSpan.FromSeconds(30), "open through relay");
            long before = relay.Forwarded;
            // idle well past interval × (count + 1): PINGs are answered with PONGs, so nothing dies
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.True(conn.IsAlive, "died: " + conn.CloseReason);
            long keepaliveBytes = relay.Forwarded - before;
            _out.WriteLine("5 s idle with keepalive 1 s × 2: " + keepaliveBytes + " bytes of keepalive traffic through the relay");
            Assert.True(keepaliveBytes >= 2 * 28, "expected PING/PONG traffic, saw " + keepaliveBytes + " bytes");
            Assert.Equal("test", (await conn.Hypervisor.LookupDomainByNameAsync("test", cts.Token)).Name);
            await conn.CloseAsync(cts.Token);
        }

        // ------------------------------------------------------------------------------------------------
        // Misbehaving peers (RpcClient directly on a NetworkStream)

        private sealed class NoArgs : IXdrSerializable
        {
            public void WriteTo(XdrWriter writer) { }
            public void ReadFrom(XdrReader reader) { }
        }

        private sealed class StringRet : IXdrSerializable
        {
            public string Value { get; private set; } = "";
            public void WriteTo(XdrWriter writer) => writer.WriteString(Value);
            public void ReadFrom(XdrReader reader) => Value = reader.ReadString();
        }

        private const int ProcGetType = 3;

        private static Task<StringRet> GetTypeAsync(RpcClient rpc, CancellationToken ct) =>
            rpc.CallAsync<NoArgs, StringRet>(FakeRpcServer.RemoteProgram, 1, ProcGetType, new NoArgs(), ct);

        private sealed class FakeSession : IDisposable
        {
            public FakeSession(FakeRpcServer server, RpcClient rpc, TaskCompletionSource<Exception?> closed)
            {
                Server = server;
                Rpc = rpc;
                Closed = closed;
            }

            public FakeRpcServer Server { get; }
            public RpcClient Rpc { get; }
            public TaskCompletionSource<Exception?> Closed { get; }

            public void Dispose()
            {
                Rpc.Dispose();
                Server.Dispose();
            }
        }

        private static async Task<FakeSession> StartFakeAsync(Func<FakeRpcConnection, CancellationToken, Task> script, TimeSpan callTimeout, CancellationToken ct)
        {
            var server = new FakeRpcServer(script);
            var stream = await server.ConnectAsync(ct);
            var rpc = new RpcClient(stream, new RpcClientOptions { CallTimeout = callTimeout });
            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            rpc.Closed += (_, reason) => closed.TrySetResult(reason);
            rpc.Start();
            return new FakeSession(server, rpc, closed);
        }

        /// <summary>Reads one call, then writes <paramref name="bytes"/> (built from that call) and keeps the socket open.</summary>
        private static Func<FakeRpcConnection, CancellationToken, Task> AnswerWith(Func<FakeCall, byte[]> bytes) => async (c, ct) =>
        {
            var call = await c.ReadNextCallAsync(ct);
            await c.WriteAsync(bytes(call), ct);
            await c.SwallowAsync(ct);
        };

        /// <summary>One call against a fake answering with <paramref name="reply"/>: a protocol error that kills the connection.</summary>
        private async Task<LibvirtException> ExpectConnectionErrorAsync(Func<FakeCall, byte[]> reply, string what)
        {
            using var cts = Budget(20);
            using var s = await StartFakeAsync(AnswerWith(reply), TimeSpan.FromSeconds(10), cts.Token);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => GetTypeAsync(s.Rpc, cts.Token), TimeSpan.FromSeconds(5), what);
            _out.WriteLine(what + ": " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.True(elapsed < DeadPeerLimit, what + " took " + Ms(elapsed));
            Assert.False(s.Rpc.IsAlive);
            var reason = await s.Closed.Task.Within(TimeSpan.FromSeconds(1), "Closed event");
            Assert.Equal(e.Message, reason?.Message);
            // a later call fails at once too
            var later = await Assert.ThrowsAsync<LibvirtException>(() => GetTypeAsync(s.Rpc, cts.Token).Within(TimeSpan.FromSeconds(1), "later call"));
            Assert.Equal(e.Message, later.Message);
            return e;
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_GarbageText_ClearError()
        {
            // "this" as a length word is 1952999795: libvirt's too-large check catches it before any allocation
            var e = await ExpectConnectionErrorAsync(_ => Encoding.ASCII.GetBytes("this is not a libvirt daemon\r\n"), "garbage text");
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
            Assert.Equal("packet 1952999791 bytes received from server too large, want 33554432", e.Message);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_OversizedLength_ClearError()
        {
            var e = await ExpectConnectionErrorAsync(_ => new byte[] { 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0 }, "length 0x7fffffff");
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
            Assert.Equal("packet 2147483643 bytes received from server too large, want 33554432", e.Message);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_LengthJustOverLimit_ClearError()
        {
            // 33554436 is the largest legal length word (32 MiB + the word itself); one more is refused
            uint length = 33554437;
            var e = await ExpectConnectionErrorAsync(_ => new[] { (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length }, "length 32 MiB + 5");
            Assert.Equal("packet 33554433 bytes received from server too large, want 33554432", e.Message);
        }

        [Theory(Timeout = 30000)]
        [InlineData(0u)]
        [InlineData(3u)]
        [InlineData(4u)]
        [InlineData(27u)]
        public async Task Fake_LengthBelowHeader_ClearError(uint length)
        {
            var e = await ExpectConnectionErrorAsync(_ => new byte[] { (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 1, 2, 3, 4 },
                "length " + length);
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
            Assert.Contains(length.ToString(), e.Message);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_ReplyWithUnknownSerial_ClearError()
        {
            var e = await ExpectConnectionErrorAsync(call => FakeRpcServer.Reply(call, FakeRpcServer.XdrString("TEST"), serial: call.Serial + 1000), "unknown serial");
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
            Assert.Equal("no call waiting for reply with prog 536903814 vers 1 serial 1000", e.Message);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_CallFromServer_ClearError()
        {
            var e = await ExpectConnectionErrorAsync(call => FakeRpcServer.Packet(FakeRpcServer.RemoteProgram, 1, 7, 0, 5, 0), "server sends a CALL");
            Assert.Equal("got unexpected RPC call prog 536903814 vers 1 proc 7 type 0", e.Message);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_ReplyForOtherProcedure_ClearError()
        {
            var e = await ExpectConnectionErrorAsync(call => FakeRpcServer.Packet(call.Program, call.Version, 59, 1, call.Serial, 0, FakeRpcServer.XdrString("host")),
                "reply for another procedure");
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_RandomBytesAfterValidLength_ClearError()
        {
            // a plausible length, then noise: the header decodes to nonsense (type 0x5a5a5a5a)
            var noise = new byte[60];
            new Random(42).NextBytes(noise);
            for (int i = 16; i < 20; i++) noise[i] = 0x5a;
            noise[0] = 0; noise[1] = 0; noise[2] = 0; noise[3] = 60;
            var e = await ExpectConnectionErrorAsync(_ => noise, "random header");
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_MalformedReplyPayload_FailsThatCallOnly()
        {
            using var cts = Budget(20);
            // first call: a string length of 1000 with 4 bytes behind it; second call: a proper reply
            using var s = await StartFakeAsync(async (c, ct) =>
            {
                var call = await c.ReadNextCallAsync(ct);
                await c.WriteAsync(FakeRpcServer.Reply(call, FakeRpcServer.Concat(FakeRpcServer.XdrInt(1000), Encoding.ASCII.GetBytes("TEST"))), ct);
                call = await c.ReadNextCallAsync(ct);
                await c.WriteAsync(FakeRpcServer.Reply(call, FakeRpcServer.XdrString("TEST")), ct);
                await c.SwallowAsync(ct);
            }, TimeSpan.FromSeconds(10), cts.Token);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => GetTypeAsync(s.Rpc, cts.Token), TimeSpan.FromSeconds(5), "malformed payload");
            _out.WriteLine("malformed payload: " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
            Assert.StartsWith("malformed reply to procedure 3", e.Message);
            Assert.True(s.Rpc.IsAlive);
            Assert.Equal("TEST", (await GetTypeAsync(s.Rpc, cts.Token).Within(TimeSpan.FromSeconds(5), "second call")).Value);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_ErrorReply_DecodedLikeLibvirt()
        {
            using var cts = Budget(20);
            // the NO_DOMAIN error reply of facts §7.10 (payload only): code 42, domain 12, message and str1 'Domain not found'
            byte[] errorPayload = Convert.FromHexString(
                "0000002a0000000c0000000100000010446f6d61696e206e6f7420666f756e6400000002000000000000000100000010446f6d61696e206e6f7420666f756e640000000000000000ffffffffffffffff00000000");
            using var s = await StartFakeAsync(AnswerWith(call => FakeRpcServer.Packet(call.Program, call.Version, call.Procedure, 1, call.Serial, 1, errorPayload)),
                TimeSpan.FromSeconds(10), cts.Token);
            var (e, _) = await ExpectLibvirtErrorAsync(() => GetTypeAsync(s.Rpc, cts.Token), TimeSpan.FromSeconds(5), "error reply");
            Assert.Equal(LibvirtErrorCode.NoDomain, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
            Assert.Equal("Domain not found", e.Message);
            Assert.True(e.FromServer);
            Assert.True(s.Rpc.IsAlive);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_NeverAnswers_CallTimesOut_ConnectionSurvives()
        {
            using var cts = Budget(20);
            using var s = await StartFakeAsync((c, ct) => c.SwallowAsync(ct), TimeSpan.FromSeconds(1), cts.Token);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => GetTypeAsync(s.Rpc, cts.Token), TimeSpan.FromSeconds(5), "unanswered call");
            _out.WriteLine("unanswered call: " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            Assert.Equal("Timed out during operation: no reply to procedure 3 within 1 s", e.Message);
            Assert.True(elapsed >= TimeSpan.FromMilliseconds(900) && elapsed < TimeSpan.FromSeconds(3), "took " + Ms(elapsed));
            Assert.True(s.Rpc.IsAlive); // a slow daemon is not a dead one
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_LateReplyToAbandonedCall_IsDropped()
        {
            using var cts = Budget(20);
            using var s = await StartFakeAsync(async (c, ct) =>
            {
                var first = await c.ReadNextCallAsync(ct);
                await Task.Delay(1500, ct); // after the client's 1 s timeout
                await c.WriteAsync(FakeRpcServer.Reply(first, FakeRpcServer.XdrString("LATE")), ct);
                var second = await c.ReadNextCallAsync(ct);
                await c.WriteAsync(FakeRpcServer.Reply(second, FakeRpcServer.XdrString("TEST")), ct);
                await c.SwallowAsync(ct);
            }, TimeSpan.FromSeconds(1), cts.Token);
            var e = await Assert.ThrowsAsync<LibvirtException>(() => GetTypeAsync(s.Rpc, cts.Token).Within(TimeSpan.FromSeconds(5), "first call"));
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            await Task.Delay(800);
            Assert.True(s.Rpc.IsAlive, "a late reply to an abandoned call killed the connection: " + s.Rpc.CloseReason?.Message);
            var r = await s.Rpc.CallAsync<NoArgs, StringRet>(FakeRpcServer.RemoteProgram, 1, ProcGetType, new NoArgs(), cts.Token, TimeSpan.FromSeconds(5))
                .Within(TimeSpan.FromSeconds(6), "second call");
            Assert.Equal("TEST", r.Value);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_ServerHangsUp_PendingCallsFailWithEndOfFile()
        {
            using var cts = Budget(20);
            using var s = await StartFakeAsync(async (c, ct) =>
            {
                await c.ReadNextCallAsync(ct);
                await Task.Delay(200, ct);
                c.Close();
            }, TimeSpan.FromSeconds(30), cts.Token);
            var calls = Enumerable.Range(0, 20).Select(_ => GetTypeAsync(s.Rpc, cts.Token)).ToArray();
            var sw = Stopwatch.StartNew();
            await Task.WhenAny(Task.WhenAll(calls), Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.All(calls, c => Assert.True(c.IsFaulted, "call not failed after " + Ms(sw.Elapsed)));
            var e = Assert.IsType<LibvirtException>(calls[0].Exception!.InnerException);
            _out.WriteLine("hang-up: '" + e.Message + "' after " + Ms(sw.Elapsed));
            Assert.Equal("End of file while reading data: Input/output error", e.Message);
            Assert.True(sw.Elapsed < DeadPeerLimit);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_TruncatedPacketThenHangUp_EndOfFile()
        {
            var e = await ExpectConnectionErrorFromScriptAsync(async (c, ct) =>
            {
                var call = await c.ReadNextCallAsync(ct);
                var reply = FakeRpcServer.Reply(call, FakeRpcServer.XdrString("TEST"));
                await c.WriteAsync(reply.AsSpan(0, 20).ToArray(), ct);
                await Task.Delay(100, ct);
                c.Close();
            }, "truncated packet");
            Assert.Equal("End of file while reading data: Input/output error", e.Message);
        }

        private async Task<LibvirtException> ExpectConnectionErrorFromScriptAsync(Func<FakeRpcConnection, CancellationToken, Task> script, string what)
        {
            using var cts = Budget(20);
            using var s = await StartFakeAsync(script, TimeSpan.FromSeconds(10), cts.Token);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => GetTypeAsync(s.Rpc, cts.Token), TimeSpan.FromSeconds(5), what);
            _out.WriteLine(what + ": " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.True(elapsed < DeadPeerLimit);
            Assert.False(s.Rpc.IsAlive);
            return e;
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_ManyPendingCalls_AllFailOnGarbage()
        {
            using var cts = Budget(20);
            using var s = await StartFakeAsync(async (c, ct) =>
            {
                for (int i = 0; i < 50; i++) await c.ReadNextCallAsync(ct);
                await c.WriteAsync(new byte[] { 0xff, 0xff, 0xff, 0xff }, ct);
                await c.SwallowAsync(ct);
            }, TimeSpan.FromSeconds(30), cts.Token);
            var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(() => GetTypeAsync(s.Rpc, cts.Token))).ToArray();
            await Task.WhenAny(Task.WhenAll(calls), Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.All(calls, c => Assert.True(c.IsFaulted));
            var messages = calls.Select(c => ((LibvirtException)c.Exception!.InnerException!).Message).Distinct().ToList();
            // libvirt prints the unsigned length with %d: 0xffffffff - 4 shows as -5
            Assert.Equal(new[] { "packet -5 bytes received from server too large, want 33554432" }, messages);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_PingFromServer_AnsweredWithPong()
        {
            using var cts = Budget(20);
            var pong = new TaskCompletionSource<FakeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var s = await StartFakeAsync(async (c, ct) =>
            {
                await c.WriteAsync(FakeRpcServer.Packet(FakeRpcServer.KeepAliveProgram, 1, 1, 2, 0, 0), ct);
                pong.TrySetResult(await c.ReadCallAsync(ct));
                await c.SwallowAsync(ct);
            }, TimeSpan.FromSeconds(10), cts.Token);
            var p = await pong.Task.Within(TimeSpan.FromSeconds(2), "PONG");
            Assert.Equal(FakeRpcServer.KeepAliveProgram, p.Program);
            Assert.Equal(1u, p.Version);
            Assert.Equal(2, p.Procedure); // PONG
            Assert.Equal(2, p.Type);      // MESSAGE
            Assert.Equal(0u, p.Serial);
            Assert.Equal(0, p.Status);
            Assert.Empty(p.Payload);
            Assert.True(s.Rpc.IsAlive);
        }

        [Fact(Timeout = 30000)]
        public async Task Fake_KeepaliveAgainstSilentPeer_DeadInTime()
        {
            using var cts = Budget(20);
            int pings = 0;
            using var s = await StartFakeAsync(async (c, ct) =>
            {
                while (true)
                {
                    var m = await c.ReadCallAsync(ct);
                    if (m.Program == FakeRpcServer.KeepAliveProgram && m.Procedure == 1) Interlocked.Increment(ref pings);
                }
            }, TimeSpan.FromSeconds(30), cts.Token);
            var sw = Stopwatch.StartNew();
            s.Rpc.StartKeepAlive(TimeSpan.FromSeconds(1), 2);
            var reason = await s.Closed.Task.Within(TimeSpan.FromSeconds(8), "keepalive death");
            _out.WriteLine("silent fake peer, keepalive 1 s × 2: dead after " + Ms(sw.Elapsed) + ", " + pings + " PINGs sent");
            Assert.Equal("connection closed due to keepalive timeout", reason?.Message);
            Assert.True(sw.Elapsed <= TimeSpan.FromSeconds(1 * (2 + 1) + 1 + 1.5), "took " + Ms(sw.Elapsed));
            Assert.Equal(2, Volatile.Read(ref pings));
        }

        // ------------------------------------------------------------------------------------------------
        // Misbehaving peers through LibvirtConnection.OpenAsync (RemoteOpenOptions.Timeout = 2 s)

        private static RemoteOpenOptions TwoSeconds() => new RemoteOpenOptions { Timeout = TimeSpan.FromSeconds(2) };

        [Fact(Timeout = 30000)]
        public async Task Open_PeerNeverAnswers_TimesOut()
        {
            using var server = new FakeRpcServer((c, ct) => c.SwallowAsync(ct));
            using var cts = Budget(20);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => OpenAsync(server.TcpUri, cts.Token, options: TwoSeconds()), TimeSpan.FromSeconds(6), "open against a silent peer");
            _out.WriteLine("open, silent peer: " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            Assert.Equal("Timed out during operation: no reply to procedure 66 within 2 s", e.Message); // AUTH_LIST is the first call
            Assert.True(elapsed >= TimeSpan.FromSeconds(1.9) && elapsed < TimeSpan.FromSeconds(4), "took " + Ms(elapsed));
        }

        [Fact(Timeout = 30000)]
        public async Task Open_PeerSendsGarbage_FailsFast()
        {
            using var server = new FakeRpcServer(AnswerWith(_ => Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")));
            using var cts = Budget(20);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => OpenAsync(server.TcpUri, cts.Token, options: TwoSeconds()), TimeSpan.FromSeconds(6), "open against garbage");
            _out.WriteLine("open, garbage: " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.Equal(LibvirtErrorCode.Rpc, e.Code);
            Assert.StartsWith("packet ", e.Message);
            Assert.EndsWith(" bytes received from server too large, want 33554432", e.Message);
            Assert.True(elapsed < DeadPeerLimit);
        }

        [Fact(Timeout = 30000)]
        public async Task Open_PeerHangsUpAtOnce_FailsFast()
        {
            using var server = new FakeRpcServer((c, ct) => { c.Close(); return Task.CompletedTask; });
            using var cts = Budget(20);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => OpenAsync(server.TcpUri, cts.Token, options: TwoSeconds()), TimeSpan.FromSeconds(6), "open against a peer that hangs up");
            _out.WriteLine("open, hang-up: " + e.Code + " '" + e.Message + "' after " + Ms(elapsed));
            Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
            Assert.True(elapsed < DeadPeerLimit);
        }

        [Fact(Timeout = 30000)]
        public async Task Open_PeerAnswersOnlyAuthList_TimesOutOnNextCall()
        {
            // AUTH_LIST answered with [NONE], then silence: the second call (SUPPORTS_FEATURE) hits the 2 s limit
            using var server = new FakeRpcServer(async (c, ct) =>
            {
                var call = await c.ReadNextCallAsync(ct);
                await c.WriteAsync(FakeRpcServer.Reply(call, FakeRpcServer.Concat(FakeRpcServer.XdrInt(1), FakeRpcServer.XdrInt(0))), ct);
                await c.SwallowAsync(ct);
            });
            using var cts = Budget(20);
            var (e, elapsed) = await ExpectLibvirtErrorAsync(() => OpenAsync(server.TcpUri, cts.Token, options: TwoSeconds()), TimeSpan.FromSeconds(6), "open, stalls after AUTH_LIST");
            _out.WriteLine("open, stall after AUTH_LIST: '" + e.Message + "' after " + Ms(elapsed));
            Assert.Equal(LibvirtErrorCode.OperationTimeout, e.Code);
            Assert.Equal("Timed out during operation: no reply to procedure 60 within 2 s", e.Message);
            Assert.True(elapsed < TimeSpan.FromSeconds(4.5), "took " + Ms(elapsed));
        }
    }
}
