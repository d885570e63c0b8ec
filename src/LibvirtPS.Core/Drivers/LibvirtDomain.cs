using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A domain as Get-LibvirtDomain writes it: its state when listed, and the connection it came from.</summary>
    public sealed class LibvirtDomain
    {
        public LibvirtDomain(DomainInfo info, LibvirtConnection connection)
        {
            Name = info.Name;
            Id = info.Id;
            Uuid = info.Uuid;
            State = info.State;
            StateReason = info.StateReason;
            MaxMemory = info.MaxMemoryKiB * 1024;
            Memory = info.MemoryKiB * 1024;
            VCpus = info.VCpus;
            CpuTime = TimeSpan.FromTicks((long)(info.CpuTimeNs / 100));
            Persistent = info.Persistent;
            Autostart = info.Autostart;
            Connection = connection;
        }

        public string Name { get; }
        /// <summary>The id while running; null when the domain is not running.</summary>
        public int? Id { get; }
        public Guid Uuid { get; }
        public DomainState State { get; }
        public int StateReason { get; }
        /// <summary>Maximum memory in bytes.</summary>
        public ulong MaxMemory { get; }
        /// <summary>Current memory in bytes.</summary>
        public ulong Memory { get; }
        public int VCpus { get; }
        public TimeSpan CpuTime { get; }
        public bool Persistent { get; }
        public bool Autostart { get; }
        /// <summary>The host the domain lives on (the hypervisor's host name).</summary>
        public string HostName => Connection.HostName;
        public LibvirtConnection Connection { get; }

        public override string ToString() => Name;
    }
}
