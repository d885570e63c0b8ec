using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// virDomainModificationImpact: which definition a setting changes. <see cref="Current"/> (0) is the live one
    /// of a running domain, else the persistent one; Live and Config may be combined where the call allows it.
    /// virsh's <c>--current</c>, <c>--live</c>, <c>--config</c>.
    /// </summary>
    [Flags]
    public enum DomainModificationImpact : uint
    {
        Current = 0,
        Live = 1,
        Config = 2,
    }

    /// <summary>virDomainSaveRestoreFlags (virsh save/restore/managedsave <c>--bypass-cache --running --paused</c>).</summary>
    [Flags]
    public enum DomainSaveFlags : uint
    {
        None = 0,
        BypassCache = 1,
        Running = 2,
        Paused = 4,
    }

    /// <summary>virDomainUndefineFlagsValues (libvirt 9.0).</summary>
    [Flags]
    public enum DomainUndefineFlags : uint
    {
        None = 0,
        ManagedSave = 1,
        SnapshotsMetadata = 2,
        Nvram = 4,
        KeepNvram = 8,
        CheckpointsMetadata = 16,
        Tpm = 32,
        KeepTpm = 64,
    }
}
