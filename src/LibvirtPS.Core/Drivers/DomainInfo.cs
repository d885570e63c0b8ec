using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>What a driver knows about one domain at the time it was asked; plain data, no connection.</summary>
    public sealed class DomainInfo
    {
        public DomainInfo(string name, Guid uuid, int? id, DomainState state, int stateReason, ulong maxMemoryKiB,
            ulong memoryKiB, int vcpus, ulong cpuTimeNs, bool persistent, bool autostart, bool hasDetails = true)
        {
            HasDetails = hasDetails;
            Name = name;
            Uuid = uuid;
            Id = id;
            State = state;
            StateReason = stateReason;
            MaxMemoryKiB = maxMemoryKiB;
            MemoryKiB = memoryKiB;
            VCpus = vcpus;
            CpuTimeNs = cpuTimeNs;
            Persistent = persistent;
            Autostart = autostart;
        }

        public string Name { get; }
        public Guid Uuid { get; }
        /// <summary>The domain id while it runs; null when inactive (libvirt's -1).</summary>
        public int? Id { get; }
        public DomainState State { get; }
        public int StateReason { get; }
        public ulong MaxMemoryKiB { get; }
        public ulong MemoryKiB { get; }
        public int VCpus { get; }
        /// <summary>CPU time used, in nanoseconds.</summary>
        public ulong CpuTimeNs { get; }
        public bool Persistent { get; }
        public bool Autostart { get; }

        /// <summary>
        /// False when a listing did not read the details (max memory, memory, vCPUs, CPU time are then 0): the
        /// driver's bulk stats lack them and the caller asked for a listing without per-domain calls.
        /// </summary>
        public bool HasDetails { get; }
    }
}
