using System;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// A scsi pool's &lt;adapter&gt; (virStorageAdapter of libvirt 9.0): a scsi_host by name or by parent PCI address, or
    /// an fc_host by its WWNs; and when two adapters are the same host (virStoragePoolObjSourceMatchTypeISCSI).
    /// </summary>
    internal sealed class TestStoragePoolAdapter
    {
        internal enum AdapterKind { None, ScsiHost, FcHost }

        internal AdapterKind Kind { get; set; }

        // scsi_host
        internal string? Name { get; set; }
        internal bool HasParent { get; set; }
        internal (uint Domain, uint Bus, uint Slot, uint Function) ParentAddress { get; set; }
        internal int UniqueId { get; set; }

        // fc_host
        internal string? Parent { get; set; }
        internal string? ParentWwnn { get; set; }
        internal string? ParentWwpn { get; set; }
        internal string? ParentFabricWwn { get; set; }
        internal bool? Managed { get; set; }
        internal string? Wwnn { get; set; }
        internal string? Wwpn { get; set; }

        /// <summary>Do a scsi pool with this adapter and a new one with <paramref name="other"/> use the same SCSI host?</summary>
        internal bool SameHostAs(TestStoragePoolAdapter other)
        {
            if (Kind == AdapterKind.FcHost && other.Kind == AdapterKind.FcHost)
                return Wwnn == other.Wwnn && Wwpn == other.Wwpn;
            if (Kind == AdapterKind.ScsiHost && other.Kind == AdapterKind.ScsiHost)
            {
                if (HasParent && other.HasParent && ParentAddress == other.ParentAddress && UniqueId == other.UniqueId) return true;
                var mine = HostNumber();
                var theirs = other.HostNumber();
                return mine != null && mine == theirs;
            }
            if (Kind == AdapterKind.FcHost && other.Kind == AdapterKind.ScsiHost) return ParentIsHost(other.HostNumber());
            if (Kind == AdapterKind.ScsiHost && other.Kind == AdapterKind.FcHost) return other.ParentIsHost(HostNumber());
            return false;
        }

        // matchFCHostToSCSIHost as far as it goes without the host's sysfs: the fc_host's parent names that scsi host
        // (a vHBA found by its WWNs would also match; the embedded driver has no vHBAs)
        private bool ParentIsHost(uint? scsiHost) => scsiHost != null && Parent != null && HostNumber(Parent) == scsiHost;

        // getSCSIHostNumber: by name; by parent address it looks through the host's sysfs, where an embedded driver
        // finds nothing (libvirt then sees no conflict either)
        private uint? HostNumber() => HasParent || Name == null ? null : HostNumber(Name);

        /// <summary>virSCSIHostGetNumber: "scsi_hostN", "fc_hostN" or "hostN" with N as virStrToLong_ui reads it.</summary>
        internal static uint? HostNumber(string name)
        {
            string rest;
            if (name.StartsWith("scsi_host", StringComparison.Ordinal)) rest = name.Substring("scsi_host".Length);
            else if (name.StartsWith("fc_host", StringComparison.Ordinal)) rest = name.Substring("fc_host".Length);
            else if (name.StartsWith("host", StringComparison.Ordinal)) rest = name.Substring("host".Length);
            else return null;
            return LibvirtNumbers.TryParseUIntWrapping(rest, out var number) ? number : (uint?)null;
        }
    }
}
