namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// The rest of a pool definition that the test driver keeps and prints back unchanged: the copy-on-write feature,
    /// the target's permissions and the volume refresh policy (libvirt 9.0's virStoragePoolDef).
    /// </summary>
    internal sealed class TestStoragePoolSettings
    {
        /// <summary>&lt;features&gt;&lt;cow state&gt; (dir and fs pools only); null when absent.</summary>
        internal bool? Cow { get; set; }

        /// <summary>&lt;permissions&gt;&lt;mode&gt;: 0..0777, or -1 when absent.</summary>
        internal int Mode { get; set; } = -1;

        /// <summary>&lt;owner&gt; and &lt;group&gt; as uid_t/gid_t: uint.MaxValue ((uid_t)-1) when absent or -1.</summary>
        internal uint Owner { get; set; } = uint.MaxValue;
        internal uint Group { get; set; } = uint.MaxValue;

        internal string? Label { get; set; }

        /// <summary>&lt;refresh&gt;&lt;volume allocation&gt;: "default" or "capacity"; null when absent.</summary>
        internal string? RefreshAllocation { get; set; }

        internal bool HasPermissions => Mode != -1 || Owner != uint.MaxValue || Group != uint.MaxValue || Label != null;
    }
}
