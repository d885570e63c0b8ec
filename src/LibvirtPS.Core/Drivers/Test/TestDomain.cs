using System;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>libvirt's <c>virDomainLifecycleAction</c> for on_poweroff / on_reboot (what the test driver acts on).</summary>
    public enum TestLifecycleAction
    {
        Destroy,
        Restart,
        Preserve,
        RenameRestart,
        CoredumpDestroy,
        CoredumpRestart,
    }

    /// <summary>
    /// One domain of a test node. Owned by a <see cref="TestDriverState"/>: read and change it only while holding
    /// that state's <see cref="TestDriverState.SyncRoot"/> (the state's methods do), or use the
    /// <see cref="DomainInfo"/> snapshots the hypervisor hands out.
    /// </summary>
    public sealed class TestDomain
    {
        internal TestDomain(string name, Guid uuid)
        {
            Name = name;
            Uuid = uuid;
        }

        public string Name { get; internal set; }
        public Guid Uuid { get; internal set; }

        /// <summary>The id while active (assigned 1, 2, 3… each time a domain starts); null while shut off.</summary>
        public int? Id { get; internal set; }

        public DomainState State { get; internal set; } = DomainState.Shutoff;

        /// <summary>The reason for <see cref="State"/> (virDomain*Reason; domains loaded from XML have 0).</summary>
        public int StateReason { get; internal set; }

        /// <summary>virDomainDefGetMemoryTotal: <c>&lt;memory&gt;</c> in KiB.</summary>
        public ulong MaxMemoryKiB { get; internal set; }

        /// <summary><c>&lt;currentMemory&gt;</c> in KiB (the balloon); equals the maximum when absent, 0 or larger.</summary>
        public ulong MemoryKiB { get; internal set; }

        /// <summary>Current vCPUs (<c>&lt;vcpu current='N'&gt;</c>, else the maximum).</summary>
        public int VCpus { get; internal set; }

        /// <summary>Maximum vCPUs (<c>&lt;vcpu&gt;N&lt;/vcpu&gt;</c>, 1 when absent).</summary>
        public int MaxVCpus { get; internal set; }

        public bool Persistent { get; internal set; } = true;
        public bool Autostart { get; internal set; }
        public bool HasManagedSave { get; internal set; }

        /// <summary>How many <c>&lt;test:domainsnapshot&gt;</c> elements the definition carries (not parsed further).</summary>
        public int SnapshotCount { get; internal set; }

        public TestLifecycleAction OnPoweroff { get; internal set; } = TestLifecycleAction.Destroy;
        public TestLifecycleAction OnReboot { get; internal set; } = TestLifecycleAction.Restart;

        /// <summary>
        /// The domain's definition as XML text: libvirt's own formatting for the domain of test:///default, the element
        /// as found (re-serialized) for a node XML file. Not regenerated when the state changes.
        /// </summary>
        public string Xml { get; internal set; } = "";

        // The test-namespace data of the definition in force (testDomainNamespaceDef): re-applied when the same
        // name+uuid is listed again in a node file while the domain is active (libvirt keeps the running definition).
        internal DomainState DefinedRunState { get; set; } = DomainState.Running;
        internal bool DefinedTransient { get; set; }
        internal bool DefinedManagedSave { get; set; }

        public bool IsActive => State != DomainState.Shutoff;

        /// <summary>A detached snapshot; <paramref name="cpuTimeNs"/> is what the test driver reports (see <see cref="TestDriverState.CpuTimeNow"/>).</summary>
        public DomainInfo ToInfo(ulong cpuTimeNs) =>
            new DomainInfo(Name, Uuid, Id, State, StateReason, MaxMemoryKiB, MemoryKiB, VCpus, cpuTimeNs, Persistent, Autostart);

        internal TestDomain Clone() => (TestDomain)MemberwiseClone();
    }
}
