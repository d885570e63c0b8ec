// The event protocol against a scripted daemon, for what a real libvirtd 9.0 does not do: no REMOTE_EVENT_CALLBACK
// feature (old daemon: NoSupport, and Stop-and-wait falls back to polling), events for callback ids nobody
// registered, malformed event bodies. Also the exact register/deregister payloads (facts §7.10).

using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Tests.Fixtures;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Fixtures.FakeRpcServer;

namespace LibvirtPS.Core.Tests.Events
{
    public sealed class EventWireTests
    {
        private static readonly byte[] TestUuid = Convert.FromHexString("6695eb01f6a4830479aa97f2502e193f");

        private static byte[] Xdr(IXdrSerializable body)
        {
            var w = new XdrWriter();
            body.WriteTo(w);
            return w.ToArray();
        }

        private static RemoteNonnullDomain Dom(int id) => new RemoteNonnullDomain("test", TestUuid, id);

        private static Task<RemoteHypervisor> Open(FakeRpcServer server, CancellationToken ct) =>
            RemoteHypervisor.OpenAsync(ConnectionPlanner.Plan(server.TcpUri, new ConnectionOptions()), new RemoteOpenOptions { KeepAliveInterval = 0 }, ct);

        /// <summary>A daemon: AUTH_LIST none, SUPPORTS_FEATURE(14) as given, a domain that is running until DOMAIN_SHUTDOWN and shut off after <paramref name="pollsUntilOff"/> lookups.</summary>
        private static FakeRpcServer Daemon(bool callbacks, ConcurrentQueue<FakeCall> calls, Func<FakeRpcConnection, FakeCall, CancellationToken, Task<bool>>? extra = null, int pollsUntilOff = 2)
        {
            return new FakeRpcServer(async (c, ct) =>
            {
                bool shutdownSent = false;
                int lookupsAfter = 0;
                while (true)
                {
                    var call = await c.ReadNextCallAsync(ct);
                    calls.Enqueue(call);
                    if (extra != null && await extra(c, call, ct)) continue;
                    bool off = shutdownSent && lookupsAfter > pollsUntilOff;
                    byte[] reply = call.Procedure switch
                    {
                        66 => Reply(call, Concat(XdrInt(1), XdrInt(0))),
                        60 => Reply(call, XdrInt(callbacks ? 1 : 0)),
                        24 => Reply(call, Xdr(new DomainLookupByUuidRet { Dom = Dom(off ? -1 : 1) })),
                        16 => Reply(call, Xdr(new DomainGetInfoRet { State = (byte)(off ? 5 : 1), MaxMem = 8192, Memory = 8192, NrVirtCpu = 1 })),
                        212 => Reply(call, Xdr(new DomainGetStateRet { State = off ? 5 : 1, Reason = 1 })),
                        151 => Reply(call, XdrInt(1)),
                        15 => Reply(call, XdrInt(0)),
                        _ => Reply(call),
                    };
                    if (call.Procedure == 33) shutdownSent = true;
                    if (call.Procedure == 16 && shutdownSent) lookupsAfter++;
                    await c.WriteAsync(reply, ct);
                }
            });
        }

        [Fact]
        public async Task WithoutCallbackEvents_SubscribeIsNoSupport_AndStopAndWaitPolls()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            using var server = Daemon(callbacks: false, calls);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var hv = await Open(server, cts.Token);

            var e = await Assert.ThrowsAsync<LibvirtException>(() => hv.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, new QueueSink(), cts.Token));
            Assert.Equal(LibvirtErrorCode.NoSupport, e.Code);
            Assert.Contains("REMOTE_EVENT_CALLBACK", e.Message);
            Assert.DoesNotContain(calls, c => c.Procedure == 316);
            Assert.Equal(0, hv.Events.RegistrationCount); // a failed registration is not kept

            var uuid = LibvirtPS.Core.Drivers.LibvirtUuid.FromBytes(TestUuid);
            var method = await DomainShutoffWaiter.StopAndWaitAsync(hv, uuid, null, () => hv.ShutdownDomainAsync(uuid, cts.Token),
                TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), cts.Token);
            Assert.Equal(DomainShutoffWaiter.Method.Polling, method);
            Assert.True(calls.Count(c => c.Procedure == 212) >= 3, "polled the state until shut off");
        }

        [Fact]
        public async Task RegisterAndDeregister_CarryLibvirtsPayloads_AndStrayEventsAreDropped()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            const int callbackId = 7;
            using var server = Daemon(callbacks: true, calls, async (c, call, ct) =>
            {
                if (call.Procedure != 316) return false;
                await c.WriteAsync(Reply(call, XdrInt(callbackId)), ct);
                // then: an event for an id nobody registered, a malformed one, a network event on our id, and a good one
                var stray = new DomainEventCallbackLifecycleMsg { CallbackID = 99, Msg = new DomainEventLifecycleMsg { Dom = Dom(1), Event = 3, Detail = 0 } };
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 318, 2, 1, 0, Xdr(stray)), ct);
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 318, 2, 1, 0, XdrInt(callbackId)), ct);
                var wrongFamily = new ObjectEventLifecycleMsg { CallbackID = callbackId, Object = new EventObjectRef { Name = "default", Uuid = TestUuid }, Event = 3 };
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 315, 2, 1, 0, Xdr(wrongFamily)), ct);
                var good = new DomainEventCallbackLifecycleMsg { CallbackID = callbackId, Msg = new DomainEventLifecycleMsg { Dom = Dom(1), Event = 5, Detail = 1 } };
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 318, 2, 1, 0, Xdr(good)), ct);
                return true;
            });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var hv = await Open(server, cts.Token);
            var sink = new QueueSink();
            var sub = await hv.SubscribeEventsAsync(LibvirtEventKind.DomainLifecycle, sink, cts.Token);

            var reg = calls.Single(c => c.Procedure == 316);
            Assert.Equal(Concat(XdrInt(0), XdrInt(0)), reg.Payload); // eventID 0 (lifecycle), dom NULL (all domains)
            var got = await sink.TakeAsync(1, TimeSpan.FromSeconds(10));
            var d = Assert.IsType<LibvirtDomainEvent>(got[0]);
            Assert.Equal(("test", LibvirtDomainEventType.Stopped, 1, "Destroyed", (int?)1), (d.DomainName, d.Event, d.Detail, d.DetailName, d.DomainId));
            await Task.Delay(200);
            Assert.Equal(0, sink.Count); // the stray, malformed and wrong-family messages were dropped
            Assert.True(hv.IsAlive);     // ... without harming the connection

            await sub.UnsubscribeAsync(cts.Token);
            var dereg = calls.Single(c => c.Procedure == 317);
            Assert.Equal(XdrInt(callbackId), dereg.Payload);
        }

        [Fact]
        public async Task RebootNetworkAndPoolMessages_DecodeToTypedEvents()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            using var server = Daemon(callbacks: true, calls, async (c, call, ct) =>
            {
                // callback ids: domain reboot 1, network 2, pool lifecycle 3, pool refresh 4 (the order the test subscribes in)
                int id = call.Procedure == 316 ? 1 : call.Procedure == 313 ? 2 : call.Procedure == 368 && call.Payload[3] == 0 ? 3 : call.Procedure == 368 ? 4 : 0;
                if (id == 0) return false;
                await c.WriteAsync(Reply(call, XdrInt(id)), ct);
                if (id != 4) return true;
                var pool = new EventObjectRef { Name = "default-pool", Uuid = TestUuid };
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 319, 2, 1, 0, Xdr(new DomainEventCallbackRebootMsg { CallbackID = 1, Dom = Dom(4) })), ct);
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 315, 2, 1, 0,
                    Xdr(new ObjectEventLifecycleMsg { CallbackID = 2, Object = new EventObjectRef { Name = "default", Uuid = TestUuid }, Event = 1 })), ct);
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 370, 2, 1, 0, Xdr(new ObjectEventLifecycleMsg { CallbackID = 3, Object = pool, Event = 4 })), ct);
                await c.WriteAsync(Packet(FakeRpcServer.RemoteProgram, 1, 373, 2, 1, 0, Xdr(new StoragePoolEventRefreshMsg { CallbackID = 4, Pool = pool })), ct);
                return true;
            });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var hv = await Open(server, cts.Token);
            var sink = new QueueSink();
            foreach (var k in new[] { LibvirtEventKind.DomainReboot, LibvirtEventKind.NetworkLifecycle, LibvirtEventKind.StoragePoolLifecycle, LibvirtEventKind.StoragePoolRefresh })
                await hv.SubscribeEventsAsync(k, sink, cts.Token);
            var got = (await sink.TakeAsync(4, TimeSpan.FromSeconds(10))).Select(e => e.Kind + " " + e.ObjectName + " " + e.EventName + " " + e.DetailName).ToArray();
            Assert.Equal(new[]
            {
                "DomainReboot test Reboot ",
                "NetworkLifecycle default Undefined ",
                "StoragePoolLifecycle default-pool Created ",
                "StoragePoolRefresh default-pool Refresh ",
            }, got);
        }

        [Fact]
        public async Task ConcurrentSubscribers_ShareOneRegistration_PerKind()
        {
            var calls = new ConcurrentQueue<FakeCall>();
            int next = 0;
            using var server = Daemon(callbacks: true, calls, async (c, call, ct) =>
            {
                if (call.Procedure != 316 && call.Procedure != 313 && call.Procedure != 368) return false;
                await c.WriteAsync(Reply(call, XdrInt(Interlocked.Increment(ref next))), ct);
                return true;
            });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var hv = await Open(server, cts.Token);
            var kinds = new[] { LibvirtEventKind.DomainLifecycle, LibvirtEventKind.DomainReboot, LibvirtEventKind.NetworkLifecycle,
                LibvirtEventKind.StoragePoolLifecycle, LibvirtEventKind.StoragePoolRefresh };
            var subs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => hv.SubscribeEventsAsync(kinds[i % kinds.Length], new QueueSink(), cts.Token)));
            Assert.Equal(5, hv.Events.RegistrationCount);
            // one call per kind, with libvirt's event ids: domain 0 and 1, network 0, pool 0 and 1; object NULL
            var payloads = calls.Where(c => c.Procedure is 316 or 313 or 368).Select(c => c.Procedure + ":" + Convert.ToHexString(c.Payload)).OrderBy(x => x);
            Assert.Equal(new[] { "313:0000000000000000", "316:0000000000000000", "316:0000000100000000", "368:0000000000000000", "368:0000000100000000" }, payloads);
            foreach (var s in subs) await s.UnsubscribeAsync(cts.Token);
            Assert.Equal(0, hv.Events.RegistrationCount);
            Assert.Equal(new[] { 314, 317, 317, 369, 369 }, calls.Where(c => c.Procedure is 317 or 314 or 369).Select(c => c.Procedure).OrderBy(p => p));
        }
    }
}
