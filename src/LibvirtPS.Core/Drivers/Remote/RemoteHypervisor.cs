using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Transports;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Drivers.Remote
{
    /// <summary>
    /// The remote driver: libvirt's RPC protocol over a transport, opened the way virsh opens it
    /// (AUTH_LIST, SUPPORTS_FEATURE(keepalive), CONNECT_OPEN, GET_URI when probing). Bulk work is pipelined.
    /// </summary>
    public sealed partial class RemoteHypervisor : IHypervisor
    {
        // calls per write in bulk work: large enough to amortise the send, small enough to keep buffers modest
        private const int BatchSize = 1024;

        private readonly RpcClient _rpc;
        private readonly ConnectionPlan _plan;
        private readonly RemoteOpenOptions _options;
        private string? _probedUri;
        private HypervisorIdentity? _identity;
        private int _closing;
        private bool _statsLackDetails;
        private Stream? _stream; // the transport's stream, for the SASL context (addresses, TLS key size)

        private RemoteHypervisor(RpcClient rpc, ConnectionPlan plan, RemoteOpenOptions options)
        {
            _rpc = rpc;
            _plan = plan;
            _options = options;
            _rpc.Closed += (_, reason) => Closed?.Invoke(this, reason);
        }

        private void Trace(string line) => TraceTo(_options, line);

        private static void TraceTo(RemoteOpenOptions options, string line)
        {
            if (options.Trace != null && options.Trace.Enabled) options.Trace.Write(line);
        }

        public bool IsAlive => _rpc.IsAlive;
        public Exception? CloseReason => _rpc.CloseReason;
        public event EventHandler<Exception?>? Closed;

        /// <summary>The RPC connection (events and advanced use).</summary>
        public RpcClient Rpc => _rpc;

        public static async Task<RemoteHypervisor> OpenAsync(ConnectionPlan plan, RemoteOpenOptions options, CancellationToken cancellationToken)
        {
            var transport = TransportFor(plan, options);
            TraceTo(options, "connecting over " + TransportNames.ToUriName(plan.Transport) + " to " + Describe(plan));
            Stream stream;
            using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectCts.CancelAfter(options.Timeout);
                try
                {
                    stream = await transport.ConnectAsync(plan, connectCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new LibvirtException(LibvirtErrorCode.OperationTimeout, LibvirtErrorDomain.Rpc,
                        "connecting to " + Describe(plan) + " took longer than " + options.Timeout.TotalSeconds + " s");
                }
            }

            var rpc = new RpcClient(stream, new RpcClientOptions
            {
                CallTimeout = options.Timeout,
                Trace = options.Trace,
            });
            var hv = new RemoteHypervisor(rpc, plan, options) { _stream = stream };
            try
            {
                rpc.Start();
                await hv.OpenSequenceAsync(cancellationToken).ConfigureAwait(false);
                return hv;
            }
            catch
            {
                rpc.Dispose();
                throw;
            }
        }

        private static ITransport TransportFor(ConnectionPlan plan, RemoteOpenOptions options)
        {
            switch (plan.Transport)
            {
                case LibvirtTransport.Unix: return new UnixSocketTransport();
                case LibvirtTransport.Tcp: return new TcpTransport(options.Timeout);
                case LibvirtTransport.Tls: return new TlsTransport(plan, options.Timeout, options.Trace);
                case LibvirtTransport.Libssh:
                case LibvirtTransport.Libssh2: return new Transports.Ssh.SshNetTransport(options);
                case LibvirtTransport.Ssh:
                case LibvirtTransport.Ext: return new ProcessTransport(plan.Transport, line => TraceTo(options, line));
                default:
                    // the embedded driver never gets here (LibvirtConnection serves it in-process)
                    throw new LibvirtException(LibvirtErrorCode.InternalError, LibvirtErrorDomain.Remote,
                        "the " + TransportNames.ToUriName(plan.Transport) + " transport has no remote connection");
            }
        }

        private static string Describe(ConnectionPlan plan) =>
            plan.Transport == LibvirtTransport.Unix ? plan.SocketPath ?? "" : plan.Host + ":" + plan.Port;

        private async Task OpenSequenceAsync(CancellationToken ct)
        {
            await AuthenticateAsync(ct).ConfigureAwait(false);

            bool keepAlive = false;
            if (_options.KeepAliveInterval > 0)
            {
                keepAlive = await SupportsFeatureAsync(ConnectFeature.ProgramKeepalive, ct).ConfigureAwait(false);
                Trace(keepAlive ? "daemon supports keepalive" : "daemon has no keepalive; keepalive off");
            }

            Trace("CONNECT_OPEN name '" + _plan.RemoteName + "' flags " + (int)_plan.OpenFlags);
            await CallVoidAsync(RemoteProcedure.ConnectOpen,
                new ConnectOpenArgs { Name = _plan.RemoteName, Flags = (uint)_plan.OpenFlags }, ct).ConfigureAwait(false);

            if (_plan.Source == UriSource.Probe)
            {
                var uri = await CallAsync<VoidMessage, ConnectGetUriRet>(RemoteProcedure.ConnectGetUri, new VoidMessage(), ct).ConfigureAwait(false);
                _probedUri = uri.Uri;
                Trace("the daemon chose " + _probedUri);
            }

            if (keepAlive) _rpc.StartKeepAlive(TimeSpan.FromSeconds(_options.KeepAliveInterval), _options.KeepAliveCount);
        }

        private async Task AuthenticateAsync(CancellationToken ct)
        {
            RemoteAuthType[] types;
            try
            {
                types = (await CallAsync<VoidMessage, AuthListRet>(RemoteProcedure.AuthList, new VoidMessage(), ct).ConfigureAwait(false)).Types;
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoSupport)
            {
                return; // a very old daemon: no authentication
            }
            if (types.Length == 0) return;

            RemoteAuthType type;
            string? wanted = _plan.Authentication;
            if (wanted != null)
            {
                // remoteAuthenticate: "sasl" or "sasl.<MECH>" (case-insensitive), "polkit", nothing else
                RemoteAuthType want;
                if (string.Equals(wanted, "sasl", StringComparison.OrdinalIgnoreCase) || wanted.StartsWith("sasl.", StringComparison.OrdinalIgnoreCase))
                    want = RemoteAuthType.Sasl;
                else if (string.Equals(wanted, "polkit", StringComparison.OrdinalIgnoreCase))
                    want = RemoteAuthType.Polkit;
                else
                    throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote, "unknown authentication type " + wanted)
                    {
                        Hint = "Valid: sasl, sasl.<MECHANISM> (for example sasl.SCRAM-SHA-256) or polkit.",
                    };
                if (!types.Contains(want))
                {
                    throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                        "requested authentication type " + wanted + " rejected")
                    {
                        Hint = "The daemon offers " + string.Join(", ", types.Select(t => t.ToString().ToLowerInvariant())) + ".",
                    };
                }
                type = want;
            }
            else
            {
                type = types[0];
            }
            Trace("authentication: daemon offers " + string.Join(",", types) + ", using " + type);
            switch (type)
            {
                case RemoteAuthType.None:
                    return;
                case RemoteAuthType.Sasl:
                {
                    string? mech = wanted != null && wanted.StartsWith("sasl.", StringComparison.OrdinalIgnoreCase) ? wanted.Substring(5) : null;
                    await AuthenticateSaslAsync(mech, ct).ConfigureAwait(false);
                    return;
                }
                case RemoteAuthType.Polkit:
                    await AuthenticatePolkitAsync(ct).ConfigureAwait(false);
                    return;
                default:
                    throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                        "unsupported authentication type " + (int)type);
            }
        }

        // remoteAuthSASL: a SASL context like libvirt's, the negotiation, then the security layer (if any) on the stream
        private async Task AuthenticateSaslAsync(string? mechanism, CancellationToken ct)
        {
            // libvirt's is_secure: TLS, unix sockets and the ssh family; plain tcp and ext are not
            bool secure = _plan.Transport != LibvirtTransport.Tcp && _plan.Transport != LibvirtTransport.Ext;
            var context = new SaslContext
            {
                Service = "libvirt",
                Host = string.IsNullOrEmpty(_plan.Host) ? "localhost" : _plan.Host,
                MinSsf = secure ? 0 : 56,
                MaxSsf = secure ? 0 : 100000,
            };
            if (_plan.Transport == LibvirtTransport.Tcp || _plan.Transport == LibvirtTransport.Tls)
            {
                var (local, remote) = SaslConnectionInfo.Addresses(_stream);
                context.LocalAddress = local;
                context.RemoteAddress = remote;
            }
            if (_plan.Transport == LibvirtTransport.Tls)
            {
                context.ExternalSsf = SaslConnectionInfo.TlsKeyBits(_stream, out bool exact);
                if (!exact) Trace("SASL: TLS cipher key size unknown; external SSF " + context.ExternalSsf + " assumed");
            }
            string host = context.Host;
            new SaslCredentialSource(_options.Credential, () =>
            {
                var path = AuthConfig.Locate(_plan.AuthFile, ClientEnvironment.Current());
                return path == null ? null : AuthConfig.Load(path);
            }, _options.Interaction, host, Trace).Apply(context);

            var outcome = await new SaslAuthenticator(new RemoteSaslExchange(_rpc), SaslMechanisms.Default, Trace)
                .AuthenticateAsync(context, mechanism, ct).ConfigureAwait(false);
            if (outcome.SecurityLayer != null) UseSecurityLayer(outcome.SecurityLayer);
        }

        // From here on every byte in both directions travels in SASL frames (facts §6.4).
        private void UseSecurityLayer(ISaslSecurityLayer layer)
        {
            Trace("SASL: security layer on (SSF " + layer.Ssf + ")");
            _rpc.UseSecurityLayer(layer);
        }

        // remoteAuthPolkit: one call; the daemon asks polkit (and may wait for an agent). Its refusal is its own error text.
        private async Task AuthenticatePolkitAsync(CancellationToken ct)
        {
            Trace("AUTH_POLKIT: the daemon checks this process with polkit");
            await CallAsync<VoidMessage, AuthPolkitRet>(RemoteProcedure.AuthPolkit, new VoidMessage(), ct).ConfigureAwait(false);
            Trace("PolicyKit authentication complete");
        }

        private async Task<bool> SupportsFeatureAsync(ConnectFeature feature, CancellationToken ct)
        {
            try
            {
                var ret = await CallAsync<ConnectSupportsFeatureArgs, ConnectSupportsFeatureRet>(RemoteProcedure.ConnectSupportsFeature,
                    new ConnectSupportsFeatureArgs { Feature = (int)feature }, ct).ConfigureAwait(false);
                return ret.Supported != 0;
            }
            catch (LibvirtException e) when (e.FromServer)
            {
                return false;
            }
        }

        internal Task<TRet> CallAsync<TArgs, TRet>(RemoteProcedure procedure, TArgs args, CancellationToken ct)
            where TArgs : IXdrSerializable
            where TRet : IXdrSerializable, new() =>
            _rpc.CallAsync<TArgs, TRet>(RemoteProgram.Program, RemoteProgram.Version, (int)procedure, args, ct);

        internal Task CallVoidAsync<TArgs>(RemoteProcedure procedure, TArgs args, CancellationToken ct)
            where TArgs : IXdrSerializable =>
            _rpc.CallAsync<TArgs, VoidMessage>(RemoteProgram.Program, RemoteProgram.Version, (int)procedure, args, ct);

        public async Task<HypervisorIdentity> GetIdentityAsync(CancellationToken cancellationToken)
        {
            if (_identity != null) return _identity;
            // four independent calls, pipelined: one round trip
            var type = CallAsync<VoidMessage, ConnectGetTypeRet>(RemoteProcedure.ConnectGetType, new VoidMessage(), cancellationToken);
            // a connection to a secondary driver alone (storage:///system, network:///system) has no hypervisor version
            var version = OrNoSupport(CallAsync<VoidMessage, ConnectGetVersionRet>(RemoteProcedure.ConnectGetVersion, new VoidMessage(), cancellationToken),
                new ConnectGetVersionRet());
            var lib = CallAsync<VoidMessage, ConnectGetLibVersionRet>(RemoteProcedure.ConnectGetLibVersion, new VoidMessage(), cancellationToken);
            var host = OrNoSupport(CallAsync<VoidMessage, ConnectGetHostnameRet>(RemoteProcedure.ConnectGetHostname, new VoidMessage(), cancellationToken),
                new ConnectGetHostnameRet { Hostname = _plan.Host ?? "" });
            await Task.WhenAll(type, version, lib, host).ConfigureAwait(false);
            // virConnectGetURI is local: the client's own URI, or what the daemon said when probing
            string uri = _probedUri ?? _plan.ResolvedUri ?? "";
            _identity = new HypervisorIdentity(type.Result.Type, version.Result.HvVer, lib.Result.LibVer, host.Result.Hostname, uri);
            return _identity;
        }

        private static async Task<T> OrNoSupport<T>(Task<T> call, T fallback)
        {
            try
            {
                return await call.ConfigureAwait(false);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoSupport)
            {
                return fallback;
            }
        }

        public async Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken)
        {
            var r = await CallAsync<VoidMessage, NodeGetInfoRet>(RemoteProcedure.NodeGetInfo, new VoidMessage(), cancellationToken).ConfigureAwait(false);
            return new NodeInfo(CString(r.Model), r.Memory, r.Cpus, r.Mhz, r.Nodes, r.Sockets, r.Cores, r.Threads);
        }

        // a fixed C char array: text up to the first NUL
        private static string CString(byte[] bytes)
        {
            int n = Array.IndexOf(bytes, (byte)0);
            return System.Text.Encoding.UTF8.GetString(bytes, 0, n < 0 ? bytes.Length : n);
        }

        public Task<IReadOnlyList<DomainInfo>> ListDomainsAsync(DomainListFlags flags, CancellationToken cancellationToken) =>
            ListAsync(flags, details: true, cancellationToken);

        public Task<IReadOnlyList<DomainInfo>> ListDomainsBulkAsync(DomainListFlags flags, CancellationToken cancellationToken) =>
            ListAsync(flags, details: false, cancellationToken);

        private async Task<IReadOnlyList<DomainInfo>> ListAsync(DomainListFlags flags, bool details, CancellationToken cancellationToken)
        {
            // The lists and the bulk stats go out together (one round trip). With details, what the stats lack comes
            // from DOMAIN_GET_INFO in batches; once a connection has shown that its driver's stats lack them (the test
            // driver reports only the state), those batches start as soon as the list arrives. Without details only a
            // domain the stats say nothing of (a daemon without bulk stats) costs a DOMAIN_GET_INFO, for its state.
            var all = ListAllAsync(flags, cancellationToken);
            // transient and autostart domains are usually few, so these replies stay small
            var transient = ListAllAsync(DomainListFlags.Transient, cancellationToken);
            var autostart = ListAllAsync(DomainListFlags.Autostart, cancellationToken);
            var stats = GetAllStatsAsync(cancellationToken);

            var domains = await all.ConfigureAwait(false);
            Task<Dictionary<Guid, DomainGetInfoRet>>? early = details && Volatile.Read(ref _statsLackDetails) ? GetInfosAsync(domains, cancellationToken) : null;
            await Task.WhenAll(transient, autostart, stats).ConfigureAwait(false);

            var transientSet = new HashSet<Guid>(transient.Result.Select(d => LibvirtUuid.FromBytes(d.Uuid)));
            var autostartSet = new HashSet<Guid>(autostart.Result.Select(d => LibvirtUuid.FromBytes(d.Uuid)));
            var statsByUuid = stats.Result;

            Dictionary<Guid, DomainGetInfoRet> infos;
            if (early != null)
            {
                infos = await early.ConfigureAwait(false);
            }
            else
            {
                var missing = domains.Where(d => !statsByUuid.TryGetValue(LibvirtUuid.FromBytes(d.Uuid), out var s) ||
                    (details ? !s.HasDetails : !s.State.HasValue)).ToList();
                if (details && missing.Count > 0) Volatile.Write(ref _statsLackDetails, true);
                infos = await GetInfosAsync(missing, cancellationToken).ConfigureAwait(false);
            }

            var result = new List<DomainInfo>(domains.Length);
            foreach (var d in domains)
            {
                var uuid = LibvirtUuid.FromBytes(d.Uuid);
                statsByUuid.TryGetValue(uuid, out var s);
                infos.TryGetValue(uuid, out var info);
                result.Add(Build(d, uuid, s, info, !transientSet.Contains(uuid), autostartSet.Contains(uuid)));
            }
            return result;
        }

        public async Task<IReadOnlyDictionary<Guid, DomainInfo>> GetDomainDetailsAsync(IReadOnlyList<DomainInfo> domains, CancellationToken cancellationToken)
        {
            var refs = domains.Select(d => new RemoteNonnullDomain { Name = d.Name, Uuid = LibvirtUuid.ToBytes(d.Uuid), Id = d.Id ?? -1 }).ToList();
            var infos = await GetInfosAsync(refs, cancellationToken).ConfigureAwait(false);
            var result = new Dictionary<Guid, DomainInfo>();
            foreach (var d in domains)
            {
                if (!infos.TryGetValue(d.Uuid, out var i)) continue;
                result[d.Uuid] = new DomainInfo(d.Name, d.Uuid, d.Id, (DomainState)i.State, d.StateReason, i.MaxMem, i.Memory, i.NrVirtCpu,
                    i.CpuTime, d.Persistent, d.Autostart);
            }
            return result;
        }

        private async Task<RemoteNonnullDomain[]> ListAllAsync(DomainListFlags flags, CancellationToken ct)
        {
            var r = await CallAsync<ConnectListAllDomainsArgs, ConnectListAllDomainsRet>(RemoteProcedure.ConnectListAllDomains,
                new ConnectListAllDomainsArgs { NeedResults = 1, Flags = (uint)flags }, ct).ConfigureAwait(false);
            return r.Domains;
        }

        private async Task<Dictionary<Guid, DomainStats>> GetAllStatsAsync(CancellationToken ct)
        {
            var result = new Dictionary<Guid, DomainStats>();
            try
            {
                var r = await CallAsync<ConnectGetAllDomainStatsArgs, ConnectGetAllDomainStatsRet>(RemoteProcedure.ConnectGetAllDomainStats,
                    new ConnectGetAllDomainStatsArgs
                    {
                        Doms = Array.Empty<RemoteNonnullDomain>(),
                        Stats = DomainStats.Groups,
                        Flags = 0,
                    }, ct).ConfigureAwait(false);
                foreach (var record in r.RetStats) result[LibvirtUuid.FromBytes(record.Dom.Uuid)] = DomainStats.From(record.Params);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoSupport)
            {
                // a daemon without bulk stats: every detail comes from DOMAIN_GET_INFO
            }
            return result;
        }

        // DOMAIN_GET_INFO for many domains: written in batches (one send each), replies matched by serial
        private async Task<Dictionary<Guid, DomainGetInfoRet>> GetInfosAsync(IReadOnlyList<RemoteNonnullDomain> domains, CancellationToken ct)
        {
            var result = new Dictionary<Guid, DomainGetInfoRet>();
            if (domains.Count == 0) return result;
            var batches = new List<Task<RpcResult<DomainGetInfoRet>[]>>();
            var chunks = new List<List<RemoteNonnullDomain>>();
            for (int i = 0; i < domains.Count; i += BatchSize)
            {
                var chunk = domains.Skip(i).Take(BatchSize).ToList();
                chunks.Add(chunk);
                batches.Add(_rpc.CallManyAsync<DomainGetInfoArgs, DomainGetInfoRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.DomainGetInfo, chunk.Select(d => new DomainGetInfoArgs { Dom = d }).ToList(), ct));
            }
            var all = await Task.WhenAll(batches).ConfigureAwait(false);
            for (int b = 0; b < all.Length; b++)
            {
                for (int i = 0; i < all[b].Length; i++)
                {
                    var r = all[b][i];
                    // a domain undefined between the list and this call is skipped; other errors are real
                    if (r.Error != null && r.Error.Code != LibvirtErrorCode.NoDomain) throw r.Error;
                    if (r.Value != null) result[LibvirtUuid.FromBytes(chunks[b][i].Uuid)] = r.Value;
                }
            }
            return result;
        }

        private static DomainInfo Build(RemoteNonnullDomain d, Guid uuid, DomainStats? s, DomainGetInfoRet? info, bool persistent, bool autostart)
        {
            var state = s?.State ?? (info != null ? (DomainState)info.State : DomainState.NoState);
            bool hasDetails = info != null || (s != null && s.HasDetails);
            return new DomainInfo(d.Name, uuid, d.Id >= 0 ? d.Id : (int?)null, state, s?.Reason ?? 0,
                s?.MaxMemory ?? info?.MaxMem ?? 0, s?.Memory ?? info?.Memory ?? 0,
                (int)(s?.VCpus ?? (ulong)(info?.NrVirtCpu ?? 0)), s?.CpuTime ?? info?.CpuTime ?? 0, persistent, autostart, hasDetails);
        }

        public Task<DomainInfo> LookupDomainByNameAsync(string name, CancellationToken cancellationToken) =>
            LookupAsync(CallAsync<DomainLookupByNameArgs, DomainLookupByNameRet>(RemoteProcedure.DomainLookupByName,
                new DomainLookupByNameArgs { Name = name }, cancellationToken), cancellationToken);

        public Task<DomainInfo> LookupDomainByIdAsync(int id, CancellationToken cancellationToken) =>
            LookupAsync(CallAsync<DomainLookupByIdArgs, DomainLookupByIdRet>(RemoteProcedure.DomainLookupById,
                new DomainLookupByIdArgs { Id = id }, cancellationToken), cancellationToken);

        public Task<DomainInfo> LookupDomainByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
            LookupAsync(CallAsync<DomainLookupByUuidArgs, DomainLookupByUuidRet>(RemoteProcedure.DomainLookupByUuid,
                new DomainLookupByUuidArgs { Uuid = LibvirtUuid.ToBytes(uuid) }, cancellationToken), cancellationToken);

        private async Task<DomainInfo> LookupAsync<TRet>(Task<TRet> lookup, CancellationToken ct) where TRet : IDomainRet
        {
            var dom = (await lookup.ConfigureAwait(false)).Dom;
            var info = CallAsync<DomainGetInfoArgs, DomainGetInfoRet>(RemoteProcedure.DomainGetInfo, new DomainGetInfoArgs { Dom = dom }, ct);
            var state = CallAsync<DomainGetStateArgs, DomainGetStateRet>(RemoteProcedure.DomainGetState, new DomainGetStateArgs { Dom = dom }, ct);
            var persistent = CallAsync<DomainIsPersistentArgs, DomainIsPersistentRet>(RemoteProcedure.DomainIsPersistent, new DomainIsPersistentArgs { Dom = dom }, ct);
            var autostart = CallAsync<DomainGetAutostartArgs, DomainGetAutostartRet>(RemoteProcedure.DomainGetAutostart, new DomainGetAutostartArgs { Dom = dom }, ct);
            await Task.WhenAll(info, state, persistent, autostart).ConfigureAwait(false);
            var i = info.Result;
            return new DomainInfo(dom.Name, LibvirtUuid.FromBytes(dom.Uuid), dom.Id >= 0 ? dom.Id : (int?)null,
                (DomainState)state.Result.State, state.Result.Reason, i.MaxMem, i.Memory, i.NrVirtCpu, i.CpuTime,
                persistent.Result.Persistent != 0, autostart.Result.Autostart != 0);
        }

        // ------------------------------------------------------------------ lifecycle
        // The calls take a remote_nonnull_domain: DOMAIN_LOOKUP_BY_UUID first gives its name and id, as virsh does.

        private async Task<RemoteNonnullDomain> DomainRefAsync(Guid uuid, CancellationToken ct) =>
            (await CallAsync<DomainLookupByUuidArgs, DomainLookupByUuidRet>(RemoteProcedure.DomainLookupByUuid,
                new DomainLookupByUuidArgs { Uuid = LibvirtUuid.ToBytes(uuid) }, ct).ConfigureAwait(false)).Dom;

        public async Task StartDomainAsync(Guid uuid, bool paused, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            if (paused)
            {
                // VIR_DOMAIN_START_PAUSED = 1; the ret carries the domain with its new id
                await CallAsync<DomainCreateWithFlagsArgs, DomainCreateWithFlagsRet>(RemoteProcedure.DomainCreateWithFlags,
                    new DomainCreateWithFlagsArgs { Dom = dom, Flags = 1 }, cancellationToken).ConfigureAwait(false);
                return;
            }
            await CallVoidAsync(RemoteProcedure.DomainCreate, new DomainCreateArgs { Dom = dom }, cancellationToken).ConfigureAwait(false);
            // libvirt's client refreshes the id with DOMAIN_LOOKUP_BY_UUID after DOMAIN_CREATE
            await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
        }

        public async Task ShutdownDomainAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainShutdown, new DomainShutdownArgs { Dom = dom }, cancellationToken).ConfigureAwait(false);
        }

        public async Task DestroyDomainAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainDestroy, new DomainDestroyArgs { Dom = dom }, cancellationToken).ConfigureAwait(false);
        }

        public async Task RebootDomainAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainReboot, new DomainRebootArgs { Dom = dom, Flags = 0 }, cancellationToken).ConfigureAwait(false);
        }

        public async Task SuspendDomainAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainSuspend, new DomainSuspendArgs { Dom = dom }, cancellationToken).ConfigureAwait(false);
        }

        public async Task ResumeDomainAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainResume, new DomainResumeArgs { Dom = dom }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<string> GetDomainXmlAsync(Guid uuid, bool inactive, bool secure, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            uint flags = (secure ? 1u : 0u) | (inactive ? 2u : 0u);
            var r = await CallAsync<DomainGetXmlDescArgs, DomainGetXmlDescRet>(RemoteProcedure.DomainGetXmlDesc,
                new DomainGetXmlDescArgs { Dom = dom, Flags = flags }, cancellationToken).ConfigureAwait(false);
            return r.Xml;
        }

        // ------------------------------------------------------------------ definition

        /// <summary>DOMAIN_DEFINE_XML, then the domain's info as a lookup gives it.</summary>
        public Task<DomainInfo> DefineDomainAsync(string xml, CancellationToken cancellationToken)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            return LookupAsync(CallAsync<DomainDefineXmlArgs, DomainDefineXmlRet>(RemoteProcedure.DomainDefineXml,
                new DomainDefineXmlArgs { Xml = xml }, cancellationToken), cancellationToken);
        }

        /// <summary>DOMAIN_CREATE_XML (VIR_DOMAIN_START_PAUSED = 1 when paused).</summary>
        public Task<DomainInfo> CreateDomainAsync(string xml, bool paused, CancellationToken cancellationToken)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            return LookupAsync(CallAsync<DomainCreateXmlArgs, DomainCreateXmlRet>(RemoteProcedure.DomainCreateXml,
                new DomainCreateXmlArgs { XmlDesc = xml, Flags = paused ? 1u : 0u }, cancellationToken), cancellationToken);
        }

        public async Task UndefineDomainAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainUndefine, new DomainUndefineArgs { Dom = dom }, cancellationToken).ConfigureAwait(false);
        }

        public async Task SetDomainAutostartAsync(Guid uuid, bool autostart, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainSetAutostart, new DomainSetAutostartArgs { Dom = dom, Autostart = autostart ? 1 : 0 },
                cancellationToken).ConfigureAwait(false);
        }

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _closing, 1) != 0) return;
            try
            {
                if (_rpc.IsAlive)
                {
                    _rpc.BeginClose();
                    await CallVoidAsync(RemoteProcedure.ConnectClose, new VoidMessage(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (LibvirtException)
            {
                // the daemon may already be gone; the socket is closed below either way
            }
            finally
            {
                _rpc.Dispose();
            }
        }

        public void Dispose()
        {
            _rpc.Dispose();
        }
    }
}
