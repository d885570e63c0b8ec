using System.Runtime.CompilerServices;

namespace LibvirtPS.Core.Drivers.Test
{
    // Each domain's snapshot list lives beside the domain object (it goes when the domain goes, as vm->snapshots does).
    public sealed partial class TestDriverState
    {
        private readonly ConditionalWeakTable<TestDomain, TestSnapshotList> _snapshots = new ConditionalWeakTable<TestDomain, TestSnapshotList>();

        /// <summary>The domain's snapshots (created empty on first use); callers hold <see cref="SyncRoot"/>.</summary>
        internal TestSnapshotList SnapshotsOf(TestDomain domain) =>
            _snapshots.GetValue(domain, d => new TestSnapshotList { FileSnapshotCount = d.SnapshotCount });

        /// <summary>
        /// Keeps <see cref="TestDomain.SnapshotCount"/> (list filters, undefine checks) equal to the number of snapshots.
        /// The <c>&lt;test:domainsnapshot&gt;</c> elements of a node XML file are counted (as before any snapshot call) but
        /// not modelled as snapshots: they are not listed.
        /// </summary>
        internal void SyncSnapshotCount(TestDomain domain)
        {
            var list = SnapshotsOf(domain);
            domain.SnapshotCount = list.FileSnapshotCount + list.Items.Count;
        }
    }
}
