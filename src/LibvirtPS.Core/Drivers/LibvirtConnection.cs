using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// An open connection to one hypervisor: what it is (URI, transport, host, versions) and the driver that
    /// serves it. Domains and host objects keep a reference to it, so the pipeline can carry it.
    /// </summary>
    public sealed class LibvirtConnection : IDisposable
    {
        private static int _lastId;

        private LibvirtConnection(ConnectionPlan plan, IHypervisor hypervisor, HypervisorIdentity identity, WireTrace trace)
        {
            Trace = trace;
            Id = Interlocked.Increment(ref _lastId);
            Plan = plan;
            Hypervisor = hypervisor;
            Uri = identity.Uri;
            HypervisorType = identity.Type;
            HypervisorVersion = global::LibvirtPS.Core.Drivers.LibvirtVersion.Decode(identity.HypervisorVersion);
            LibvirtVersion = global::LibvirtPS.Core.Drivers.LibvirtVersion.Decode(identity.LibVersion);
            HostName = identity.HostName;
            OpenedAt = DateTime.Now;
        }

        /// <summary>Unique in this process; shown by Get-LibvirtConnection.</summary>
        public int Id { get; }

        /// <summary>The URI the connection is known by (libvirt's virConnectGetURI).</summary>
        public string Uri { get; }

        /// <summary>The name sent to the daemon (null for the embedded driver).</summary>
        public string? RemoteName => Plan.RemoteName;

        public LibvirtTransport Transport => Plan.Transport;

        /// <summary>The host reached (null for local transports).</summary>
        public string? Host => Plan.Transport == LibvirtTransport.Unix || Plan.Transport == LibvirtTransport.Embedded ? null : Plan.Host;

        public bool ReadOnly => Plan.ReadOnly;

        public bool IsAlive => Hypervisor.IsAlive;

        /// <summary>CONNECT_GET_TYPE, e.g. QEMU, TEST.</summary>
        public string HypervisorType { get; }

        public Version HypervisorVersion { get; }

        /// <summary>The libvirt version of the daemon (or of the embedded driver).</summary>
        public Version LibvirtVersion { get; }

        /// <summary>The host name the hypervisor reports.</summary>
        public string HostName { get; }

        public DateTime OpenedAt { get; }

        /// <summary>Why the connection died, when it did.</summary>
        public string? CloseReason => Hypervisor.CloseReason?.Message;

        public ConnectionPlan Plan { get; }

        public IHypervisor Hypervisor { get; }

        /// <summary>The wire trace of this connection (enabled by cmdlets running with -Verbose).</summary>
        public WireTrace Trace { get; }

        /// <summary>Opens what the plan describes: the embedded test driver, or the remote driver over its transport.</summary>
        public static async Task<LibvirtConnection> OpenAsync(ConnectionPlan plan, RemoteOpenOptions options, WireTrace trace,
            CancellationToken cancellationToken)
        {
            // a copy: the caller's options may serve several connections, each with its own trace
            options = new RemoteOpenOptions
            {
                KeepAliveInterval = options.KeepAliveInterval,
                KeepAliveCount = options.KeepAliveCount,
                Timeout = options.Timeout,
                Trace = trace,
                Credential = options.Credential,
                Interaction = options.Interaction,
            };
            IHypervisor hypervisor = plan.Transport == LibvirtTransport.Embedded
                ? TestDriverRegistry.Shared.Open(plan)
                : await RemoteHypervisor.OpenAsync(plan, options, cancellationToken).ConfigureAwait(false);
            try
            {
                var identity = await hypervisor.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
                return new LibvirtConnection(plan, hypervisor, identity, trace);
            }
            catch
            {
                hypervisor.Dispose();
                throw;
            }
        }

        public Task CloseAsync(CancellationToken cancellationToken) => Hypervisor.CloseAsync(cancellationToken);

        public void Dispose() => Hypervisor.Dispose();

        public override string ToString() => Uri;
    }
}
