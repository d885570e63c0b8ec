using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using Xunit;

namespace LibvirtPS.Core.Tests.Fuzz
{
    /// <summary>
    /// A client talking to a peer that sends mutated real traffic then hangs up: the pending call always ends
    /// with a reply or a LibvirtException, quickly, and the connection is dead afterwards. Never another
    /// exception type, never a hang.
    /// </summary>
    public class RpcClientPropertyTests
    {
        [Fact]
        public void HostilePeerEndsEveryCallWithALibvirtError()
        {
            var input = FuzzInputs.Packet().Generator.SelectMany(first =>
                FuzzInputs.Packet().Generator.SelectMany(second =>
                    Gen.Choose(1, 64).Select(chunk => (Bytes: first.Concat(second).ToArray(), Chunk: chunk)))).ToArbitrary();

            Prop.ForAll(input, t =>
            {
                var client = new RpcClient(new ScriptedPeerStream(t.Bytes, t.Chunk), new RpcClientOptions { CallTimeout = TimeSpan.FromSeconds(5) });
                client.Start();
                var call = client.CallAsync<VoidMessage, AuthListRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.AuthList, new VoidMessage(), CancellationToken.None);
                Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))).Wait();
                if (!call.IsCompleted) return false;
                bool ok = call.Status == TaskStatus.RanToCompletion ||
                          (call.IsFaulted && call.Exception!.InnerExceptions.All(e => e is LibvirtException));
                // the peer hung up, so the connection must be dead (or about to be: give the reader a moment)
                for (int i = 0; i < 100 && client.IsAlive; i++) Thread.Sleep(10);
                client.Dispose();
                return ok;
            }).QuickCheckThrowOnFailure(1500);
        }
    }
}
