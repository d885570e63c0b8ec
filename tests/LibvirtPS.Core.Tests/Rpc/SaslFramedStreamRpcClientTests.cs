// RpcClient.UseSecurityLayer against a scripted loopback peer that behaves like libvirtd: it answers the final
// AUTH_SASL_STEP in plaintext, switches right after writing it, and from then on reads and writes only
// DIGEST-MD5 rc4 frames. The client's reader thread is blocked in a raw Read when the switch happens, which is the
// case the switch design must get right.

using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;

namespace LibvirtPS.Core.Tests.Rpc
{
    public sealed class SaslFramedStreamRpcClientTests
    {
        private static readonly byte[] Ha1 = Enumerable.Range(1, 16).Select(i => (byte)(i * 13)).ToArray();

        private static RpcHeader Reply(RpcHeader call) =>
            new RpcHeader(call.Program, call.Version, call.Procedure, RpcMessageType.Reply, call.Serial, RpcStatus.Ok);

        private static RpcPacket ReadPacket(Stream s)
        {
            var len = ReadExactly(s, 4);
            int n = (len[0] << 24 | len[1] << 16 | len[2] << 8 | len[3]) - 4;
            var body = ReadExactly(s, n);
            return RpcPacket.DecodeBody(body, n);
        }

        private static byte[] ReadExactly(Stream s, int n)
        {
            var b = new byte[n];
            int got = 0;
            while (got < n)
            {
                int r = s.Read(b, got, n - got);
                if (r <= 0) throw new EndOfStreamException();
                got += r;
            }
            return b;
        }

        private static async Task<(RpcClient Client, TcpClient Tcp, Task Server)> StartAsync(Action<Stream> script)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.Run(() =>
            {
                using var peer = listener.AcceptTcpClient();
                listener.Stop();
                script(peer.GetStream());
            });
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var client = new RpcClient(tcp.GetStream());
            client.Start();
            return (client, tcp, server);
        }

        [Fact]
        public async Task Switch_AfterFinalReply_ThenEverythingFramed_IncludingLargeReplies()
        {
            var names = Enumerable.Range(0, 3000).Select(i => "domain-" + i.ToString("0000") + new string('x', 40)).ToArray();
            var (client, tcp, server) = await StartAsync(raw =>
            {
                // the final auth step, in plaintext; then libvirtd switches
                var step = ReadPacket(raw);
                Assert.Equal((int)RemoteProcedure.AuthSaslStep, step.Header.Procedure);
                var ret = new AuthSaslStepRet { Complete = 1, Nil = 1 };
                raw.Write(RpcPacket.Encode(Reply(step.Header), ret));
                var framed = new SaslFramedStream(raw, DigestMd5SecurityLayer.ForServer(Ha1, DigestMd5Cipher.Rc4));
                // CONNECT_OPEN through the layer
                var open = ReadPacket(framed);
                Assert.Equal((int)RemoteProcedure.ConnectOpen, open.Header.Procedure);
                framed.Write(RpcPacket.Encode(Reply(open.Header), null));
                // a reply far larger than one frame
                var list = ReadPacket(framed);
                var w = new XdrWriter(200000);
                w.WriteUInt32((uint)names.Length);
                foreach (var n in names) w.WriteString(n);
                var payload = w.Written;
                framed.Write(RpcPacket.EncodeRaw(Reply(list.Header), payload.Array!, payload.Offset, payload.Count));
                Thread.Sleep(200); // let the client read before the socket closes
            });
            using (tcp)
            using (client)
            {
                var r = await client.CallAsync<AuthSaslStepArgs, AuthSaslStepRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.AuthSaslStep, new AuthSaslStepArgs { Nil = 1 }, CancellationToken.None);
                Assert.Equal(1, r.Complete);
                // the reader thread is by now blocked in a raw Read
                await Task.Delay(50);
                client.UseSecurityLayer(DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4));
                await client.CallRawAsync(RemoteProgram.Program, RemoteProgram.Version, (int)RemoteProcedure.ConnectOpen,
                    new ConnectOpenArgs { Name = "test:///default" }, CancellationToken.None);
                var big = await client.CallRawAsync(RemoteProgram.Program, RemoteProgram.Version, (int)RemoteProcedure.ConnectListDomains,
                    new VoidMessage(), CancellationToken.None);
                var rd = big.PayloadReader();
                uint count = rd.ReadUInt32();
                Assert.Equal((uint)names.Length, count);
                for (int i = 0; i < count; i++) Assert.Equal(names[i], rd.ReadString());
                Assert.True(client.IsAlive);
            }
            await server;
        }

        [Fact]
        public async Task TamperedFrame_FailsTheConnectionWithTheDecodeError()
        {
            var (client, tcp, server) = await StartAsync(raw =>
            {
                var step = ReadPacket(raw);
                raw.Write(RpcPacket.Encode(Reply(step.Header), new AuthSaslStepRet { Complete = 1, Nil = 1 }));
                var layer = DigestMd5SecurityLayer.ForServer(Ha1, DigestMd5Cipher.Rc4);
                var framed = new SaslFramedStream(raw, layer);
                var call = ReadPacket(framed);
                var bytes = framed.Encode(RpcPacket.Encode(Reply(call.Header), null), 0, 28);
                bytes[10] ^= 1;
                raw.Write(bytes);
                Thread.Sleep(300);
            });
            using (tcp)
            using (client)
            {
                await client.CallAsync<AuthSaslStepArgs, AuthSaslStepRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.AuthSaslStep, new AuthSaslStepArgs { Nil = 1 }, CancellationToken.None);
                client.UseSecurityLayer(DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4));
                var e = await Assert.ThrowsAsync<LibvirtException>(() => client.CallRawAsync(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.ConnectOpen, new ConnectOpenArgs(), CancellationToken.None, TimeSpan.FromSeconds(10)));
                Assert.Contains("failed to decode SASL data", e.Message);
                Assert.Contains("MAC does not match", e.Message);
                Assert.False(client.IsAlive);
            }
            await server;
        }

        [Fact]
        public async Task UseSecurityLayer_Refused_WhileACallIsInFlight_OrTwice()
        {
            var release = new ManualResetEventSlim();
            var checkedAll = new ManualResetEventSlim();
            var (client, tcp, server) = await StartAsync(raw =>
            {
                var step = ReadPacket(raw);
                release.Wait(10000);
                raw.Write(RpcPacket.Encode(Reply(step.Header), new AuthSaslStepRet { Complete = 1, Nil = 1 }));
                // the peer stays until the client is done: a hang-up would close the client before its last checks
                checkedAll.Wait(10000);
            });
            using (tcp)
            using (client)
            {
                var pending = client.CallAsync<AuthSaslStepArgs, AuthSaslStepRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.AuthSaslStep, new AuthSaslStepArgs { Nil = 1 }, CancellationToken.None);
                await Task.Delay(50);
                Assert.Throws<InvalidOperationException>(() => client.UseSecurityLayer(DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4)));
                release.Set();
                await pending;
                client.UseSecurityLayer(DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4));
                Assert.Throws<InvalidOperationException>(() => client.UseSecurityLayer(DigestMd5SecurityLayer.ForClient(Ha1, DigestMd5Cipher.Rc4)));
                checkedAll.Set();
            }
            await server;
        }
    }
}
