using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Auth
{
    /// <summary>
    /// The SASL calls over a remote-program RPC connection. NULL and empty stay distinct on the wire: no data is
    /// <c>nil = 1</c> with an empty array, empty data is <c>nil = 0</c> with length 0 (libvirt: "distinction of NULL
    /// vs "" is *critical* in SASL").
    /// </summary>
    public sealed class RemoteSaslExchange : ISaslExchange
    {
        private readonly RpcClient _rpc;

        public RemoteSaslExchange(RpcClient rpc) => _rpc = rpc;

        public async Task<string> InitAsync(CancellationToken ct) =>
            (await Call<VoidMessage, AuthSaslInitRet>(RemoteProcedure.AuthSaslInit, new VoidMessage(), ct).ConfigureAwait(false)).Mechlist;

        public async Task<SaslReply> StartAsync(string mechanism, byte[]? data, CancellationToken ct)
        {
            var r = await Call<AuthSaslStartArgs, AuthSaslStartRet>(RemoteProcedure.AuthSaslStart,
                new AuthSaslStartArgs { Mech = mechanism, Nil = data == null ? 1 : 0, Data = data ?? new byte[0] }, ct).ConfigureAwait(false);
            return new SaslReply(r.Complete != 0, r.Nil != 0 ? null : r.Data);
        }

        public async Task<SaslReply> StepAsync(byte[]? data, CancellationToken ct)
        {
            var r = await Call<AuthSaslStepArgs, AuthSaslStepRet>(RemoteProcedure.AuthSaslStep,
                new AuthSaslStepArgs { Nil = data == null ? 1 : 0, Data = data ?? new byte[0] }, ct).ConfigureAwait(false);
            return new SaslReply(r.Complete != 0, r.Nil != 0 ? null : r.Data);
        }

        private Task<TRet> Call<TArgs, TRet>(RemoteProcedure procedure, TArgs args, CancellationToken ct)
            where TArgs : IXdrSerializable
            where TRet : IXdrSerializable, new() =>
            _rpc.CallAsync<TArgs, TRet>(RemoteProgram.Program, RemoteProgram.Version, (int)procedure, args, ct);
    }
}
