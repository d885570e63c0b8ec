using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// A domain as Get-LibvirtDomain writes it: its state when listed, and the connection it came from. Max memory,
    /// memory, vCPUs and CPU time come with the listing where the driver's bulk stats carry them (QEMU's do); else a
    /// <see cref="DomainDetailsLoader"/> shared by the listing reads them, for all its domains at once, when first used.
    /// </summary>
    public sealed class LibvirtDomain
    {
        private readonly DomainInfo _listed;
        private readonly DomainDetailsLoader? _loader;
        private DomainInfo? _details;

        public LibvirtDomain(DomainInfo info, LibvirtConnection connection) : this(info, connection, null)
        {
        }

        /// <param name="info">The domain as listed or looked up.</param>
        /// <param name="connection">The connection it came from.</param>
        /// <param name="loader">Reads the details <paramref name="info"/> lacks; needed when <see cref="DomainInfo.HasDetails"/> is false.</param>
        public LibvirtDomain(DomainInfo info, LibvirtConnection connection, DomainDetailsLoader? loader)
        {
            _listed = info ?? throw new ArgumentNullException(nameof(info));
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
            if (info.HasDetails) _details = info;
            else _loader = loader ?? throw new ArgumentException("A domain listed without details needs a loader for them.", nameof(loader));
        }

        public string Name => _listed.Name;
        /// <summary>The id while running; null when the domain is not running.</summary>
        public int? Id => _listed.Id;
        public Guid Uuid => _listed.Uuid;
        public DomainState State => _listed.State;
        public int StateReason => _listed.StateReason;
        /// <summary>Maximum memory in bytes.</summary>
        public ulong MaxMemory => Details.MaxMemoryKiB * 1024;
        /// <summary>Current memory in bytes.</summary>
        public ulong Memory => Details.MemoryKiB * 1024;
        public int VCpus => Details.VCpus;
        public TimeSpan CpuTime => TimeSpan.FromTicks((long)(Details.CpuTimeNs / 100));
        public bool Persistent => _listed.Persistent;
        public bool Autostart => _listed.Autostart;
        /// <summary>The host the domain lives on (the hypervisor's host name).</summary>
        public string HostName => Connection.HostName;
        public LibvirtConnection Connection { get; }

        /// <summary>What the listing said of the domain, without reading details it left out (a method, so formatting never shows it).</summary>
        public DomainInfo GetListedInfo() => _listed;

        // a race between two threads reads the same loader's result twice, harmlessly
        private DomainInfo Details => _details ??= _loader!.For(_listed);

        public override string ToString() => Name;
    }
}
