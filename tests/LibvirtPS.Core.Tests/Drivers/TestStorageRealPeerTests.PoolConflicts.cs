// virStoragePoolObjListAdd's checks (source conflicts, then name and uuid duplicates), then the pool XML steps of
// TestStorageRealPeerTests.PoolXml.cs: each step runs on the embedded test driver and on libvirt 9.0's test driver in
// the private libvirtd, and both must give the same result, or the same error code, domain and message; at the end
// both hold the same pools with the same XML.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Drivers
{
    public sealed partial class TestStorageRealPeerTests
    {
        private const string DefaultPoolUuid = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566";

        private static string Dir(string name, string path, string? uuid = null) =>
            "<pool type='dir'><name>" + name + "</name>" + (uuid == null ? "" : "<uuid>" + uuid + "</uuid>") +
            "<target><path>" + path + "</path></target></pool>";

        private static string Pool(string type, string name, string source, string target = "") =>
            "<pool type='" + type + "'><name>" + name + "</name><source>" + source + "</source>" +
            (target.Length == 0 ? "" : "<target><path>" + target + "</path></target>") + "</pool>";

        // what a caller sees: the pool's name, state and sizes, or the error
        private static async Task<string> Outcome(Func<Task<StoragePoolInfo>> call)
        {
            try
            {
                var p = await call();
                return "ok " + p.Name + " " + p.State + " persistent=" + p.Persistent + " " + p.Capacity + "/" + p.Allocation + "/" + p.Available;
            }
            catch (LibvirtException e)
            {
                return "error " + e.Code + " " + e.Domain + " " + e.Message;
            }
        }

        private static async Task<string> Outcome(Func<Task> call) =>
            await Outcome(async () => { await call(); return new StoragePoolInfo("-", Guid.Empty, StoragePoolState.Inactive, 0, 0, 0, false, false); });

        private static async Task SameOn(IHypervisor real, IHypervisor embedded, string what, Func<IHypervisor, Task<StoragePoolInfo>> call, string expectedPrefix)
        {
            string r = await Outcome(() => call(real));
            string e = await Outcome(() => call(embedded));
            Assert.True(r == e, what + ":\n real     " + r + "\n embedded " + e);
            Assert.True(r.StartsWith(expectedPrefix, StringComparison.Ordinal), what + ": the real driver gave " + r);
        }

        private static Task SameOn(IHypervisor real, IHypervisor embedded, string what, Func<IHypervisor, Task> call, string expectedPrefix) =>
            SameOn(real, embedded, what, async h => { await call(h); return new StoragePoolInfo("-", Guid.Empty, StoragePoolState.Inactive, 0, 0, 0, false, false); }, expectedPrefix);

        [SkippableFact(Timeout = 120000)]
        public async Task PoolSourceConflictsAndDuplicates_SameAsTheRealTestDriver()
        {
            SkipIfUnavailable(_fx);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var ct = cts.Token;
            // one connection for the whole scenario: the daemon's test:///default lives while a connection is open
            using var conn = await OpenAsync(_fx.UnixUri, ct).Within(TimeSpan.FromSeconds(30), "open");
            IHypervisor real = conn.Hypervisor;
            using var embedded = new TestDriverRegistry().OpenDefault();
            const string conflict = "error OperationFailed Storage operation failed: Storage source conflict with pool: ";
            const string ok = "ok ";

            var steps = new List<(string What, Func<IHypervisor, Task<StoragePoolInfo>> Call, string Expect)>
            {
                // a dir pool on default-pool's target, however the path is spelled
                ("define on /default-pool", h => h.DefineStoragePoolAsync(Dir("pc-a", "/default-pool"), ct), conflict + "'default-pool'"),
                ("create on /default-pool", h => h.CreateStoragePoolAsync(Dir("pc-a", "/default-pool"), 0, ct), conflict + "'default-pool'"),
                ("define on /default-pool//", h => h.DefineStoragePoolAsync(Dir("pc-a", "/default-pool//"), ct), conflict + "'default-pool'"),
                ("define on ///default-pool", h => h.DefineStoragePoolAsync(Dir("pc-a", "///default-pool"), ct), conflict + "'default-pool'"),
                // a leading "//" is another POSIX name
                ("define on //default-pool", h => h.DefineStoragePoolAsync(Dir("pc-slashes", "//default-pool", "11111111-0000-0000-0000-000000000001"), ct), ok),
                // a URI is left as written, but "://" after the first '/' is no URI (XML compared below)
                ("a URI target", h => h.DefineStoragePoolAsync(Dir("pc-uri", "pc://a//b/"), ct), ok),
                ("not a URI target", h => h.DefineStoragePoolAsync(Dir("pc-nouri", "/pc:///a//b/"), ct), ok),
                ("relative target", h => h.DefineStoragePoolAsync(Dir("pc-rel", ".//rel//"), ct), ok),
                // other pool types never conflict with a dir pool's target
                ("mpath on /default-pool", h => h.DefineStoragePoolAsync(Pool("mpath", "pc-m1", "", "/default-pool"), ct), ok),
                ("second mpath pool", h => h.DefineStoragePoolAsync(Pool("mpath", "pc-m2", "", "/pc-m2"), ct), conflict + "'pc-m1'"),
                // name and uuid duplicates, and which check comes first
                ("same name, other uuid", h => h.DefineStoragePoolAsync(Dir("default-pool", "/pc-other"), ct),
                    "error OperationFailed Storage operation failed: pool 'default-pool' already exists with uuid " + DefaultPoolUuid),
                ("same name, other uuid, same target", h => h.DefineStoragePoolAsync(Dir("default-pool", "/default-pool"), ct),
                    "error OperationFailed Storage operation failed: pool 'default-pool' already exists with uuid " + DefaultPoolUuid),
                ("same uuid, other name", h => h.DefineStoragePoolAsync(Dir("pc-x", "/pc-other", DefaultPoolUuid), ct),
                    "error OperationFailed Storage operation failed: pool 'default-pool' is already defined with uuid " + DefaultPoolUuid),
                ("same uuid, other name, same target", h => h.DefineStoragePoolAsync(Dir("pc-x", "/default-pool", DefaultPoolUuid), ct), conflict + "'default-pool'"),
                ("create the running default-pool again", h => h.CreateStoragePoolAsync(Dir("default-pool", "/elsewhere", DefaultPoolUuid), 0, ct),
                    "error OperationInvalid Storage Requested operation is not valid: pool is already active as 'default-pool'"),
                // redefining the running default-pool: its live target stays, its sizes start again
                ("redefine the running default-pool elsewhere", h => h.DefineStoragePoolAsync(Dir("default-pool", "/pc-dp2", DefaultPoolUuid), ct), ok + "default-pool Running"),
                ("define on the old target", h => h.DefineStoragePoolAsync(Dir("pc-e", "/default-pool"), ct), conflict + "'default-pool'"),
                ("define on the pending target", h => h.DefineStoragePoolAsync(Dir("pc-d", "/pc-dp2", "11111111-0000-0000-0000-000000000002"), ct), ok),
                // redefining an inactive pool replaces its target
                ("define pc-a", h => h.DefineStoragePoolAsync(Dir("pc-a", "/pc-a/", "11111111-0000-0000-0000-00000000000a"), ct), ok + "pc-a Inactive"),
                ("define on pc-a's target", h => h.DefineStoragePoolAsync(Dir("pc-b", "/pc-a"), ct), conflict + "'pc-a'"),
                ("redefine pc-a elsewhere", h => h.DefineStoragePoolAsync(Dir("pc-a", "/pc-a2", "11111111-0000-0000-0000-00000000000a"), ct), ok + "pc-a Inactive"),
                ("define on pc-a's old target", h => h.DefineStoragePoolAsync(Dir("pc-b", "/pc-a", "11111111-0000-0000-0000-00000000000b"), ct), ok + "pc-b"),
                ("define on pc-a's new target", h => h.DefineStoragePoolAsync(Dir("pc-c", "/pc-a2"), ct), conflict + "'pc-a'"),
                ("create over pc-a on a used target", h => h.CreateStoragePoolAsync(Dir("pc-a", "/default-pool", "11111111-0000-0000-0000-00000000000a"), 0, ct), conflict + "'default-pool'"),
                ("create over pc-a elsewhere", h => h.CreateStoragePoolAsync(Dir("pc-a", "/pc-a3", "11111111-0000-0000-0000-00000000000a"), 0, ct), ok + "pc-a Running persistent=False"),
                ("define on pc-a's created target", h => h.DefineStoragePoolAsync(Dir("pc-c", "/pc-a3"), ct), conflict + "'pc-a'"),
                // starting a pool checks nothing more
                ("start pc-b", h => Start(h, "pc-b", ct), ok),
                // netfs: the source dir and the single host (its port only when the new pool gives one)
                ("netfs", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-n1", "<host name='nas' port='2049'/><dir path='/export//'/>", "/pc-n1"), ct), ok),
                ("netfs, same host and dir", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-n2", "<host name='nas'/><dir path='/export'/>", "/pc-n2"), ct), conflict + "'pc-n1'"),
                ("netfs, other port", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-n3", "<host name='nas' port='1'/><dir path='/export'/>", "/pc-n3"), ct), ok),
                ("netfs, other dir", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-n4", "<host name='nas'/><dir path='/export2'/>", "/pc-n4"), ct), ok),
                ("netfs on a dir pool's target", h => h.DefineStoragePoolAsync(Pool("netfs", "pc-n5", "<host name='nas2'/><dir path='/x'/>", "/default-pool"), ct), ok),
                // block devices are shared across fs, logical, disk and zfs, but not with iscsi
                ("logical", h => h.DefineStoragePoolAsync(Pool("logical", "pc-l1", "<device path='/dev/pcz'/>"), ct), ok),
                ("fs on the same device", h => h.DefineStoragePoolAsync(Pool("fs", "pc-f1", "<device path='/dev/pcz'/>", "/pc-f1"), ct), conflict + "'pc-l1'"),
                ("disk on the same device", h => h.DefineStoragePoolAsync(Pool("disk", "pc-d1", "<device path='/dev/pcy'/><device path='/dev/pcz'/>", "/pc-d1"), ct), conflict + "'pc-l1'"),
                ("zfs on the same device", h => h.DefineStoragePoolAsync(Pool("zfs", "pc-z1", "<device path='/dev/pcz'/>"), ct), conflict + "'pc-l1'"),
                ("iscsi on the same device", h => h.DefineStoragePoolAsync(Pool("iscsi", "pc-i1", "<host name='san'/><device path='/dev/pcz'/>", "/pc-i1"), ct), ok),
                ("iscsi, same device and initiator", h => h.DefineStoragePoolAsync(Pool("iscsi", "pc-i2", "<host name='san2'/><device path='/dev/pcz'/>", "/pc-i2"), ct), conflict + "'pc-i1'"),
                ("iscsi, another initiator", h => h.DefineStoragePoolAsync(Pool("iscsi", "pc-i3", "<host name='san'/><device path='/dev/pcz'/><initiator><iqn name='iqn.me'/></initiator>", "/pc-i3"), ct), ok),
                ("fs on an iscsi device", h => h.DefineStoragePoolAsync(Pool("fs", "pc-f2", "<device path='/dev/pcz'/>", "/pc-f2"), ct), conflict + "'pc-l1'"),
                // names: vstorage by source name (the pool name by default), gluster by name, dir and host, sheepdog by host
                ("vstorage", h => h.DefineStoragePoolAsync(Pool("vstorage", "pc-v1", "", "/pc-v1"), ct), ok),
                ("vstorage, same source name", h => h.DefineStoragePoolAsync(Pool("vstorage", "pc-v2", "<name>pc-v1</name>", "/pc-v2"), ct), conflict + "'pc-v1'"),
                ("vstorage named by its source", h => h.DefineStoragePoolAsync("<pool type='vstorage'><source><name>pc-v3</name></source><target><path>/pc-v3</path></target></pool>", ct), ok + "pc-v3"),
                ("gluster", h => h.DefineStoragePoolAsync(Pool("gluster", "pc-g1", "<host name='gl'/><name>vol</name>"), ct), ok),
                ("gluster, same volume", h => h.DefineStoragePoolAsync(Pool("gluster", "pc-g2", "<host name='gl'/><name>vol</name><dir path='/'/>"), ct), conflict + "'pc-g1'"),
                ("gluster, other dir", h => h.DefineStoragePoolAsync(Pool("gluster", "pc-g3", "<host name='gl'/><name>vol</name><dir path='/sub'/>"), ct), ok),
                ("sheepdog", h => h.DefineStoragePoolAsync(Pool("sheepdog", "pc-s1", "<host name='sd'/>"), ct), ok),
                ("sheepdog, same host", h => h.DefineStoragePoolAsync(Pool("sheepdog", "pc-s2", "<host name='sd' port='7000'/>"), ct), ok),
                // (one conflict at a time: with several, libvirt names the first of its hash table, an order of its own)
                ("sheepdog, same host and port", h => h.DefineStoragePoolAsync(Pool("sheepdog", "pc-s3", "<host name='sd' port='7000'/>"), ct), conflict + "'pc-s2'"),
                ("rbd twice", h => h.DefineStoragePoolAsync(Pool("rbd", "pc-r1", "<host name='sd'/><name>rbd</name>"), ct), ok),
                ("rbd twice", h => h.DefineStoragePoolAsync(Pool("rbd", "pc-r2", "<host name='sd'/><name>rbd</name>"), ct), ok),
                // scsi adapters: the same host by number, by parent PCI address, by WWNs, or as an fc_host's parent
                ("scsi host4", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-sc1", "<adapter name='host4'/>", "/pc-sc1"), ct), ok),
                ("scsi_host04", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host' name='scsi_host04'/>", "/pc-bad"), ct), conflict + "'pc-sc1'"),
                ("fc_host whose parent is host4", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad",
                    "<adapter type='fc_host' parent='host4' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/>", "/pc-bad"), ct), conflict + "'pc-sc1'"),
                ("fc_host", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-sc2",
                    "<adapter type='fc_host' parent='fc_host5' parent_wwnn='0x20000000c9831b4b' parent_wwpn='20000000C9831B4B' parent_fabric_wwn='20000000c9831b4b' managed='no' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/>", "/pc-sc2"), ct), ok),
                ("same WWNs", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='fc_host' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/>", "/pc-bad"), ct), conflict + "'pc-sc2'"),
                ("scsi host the fc_host's parent", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad", "<adapter type='scsi_host' name='host+5'/>", "/pc-bad"), ct), conflict + "'pc-sc2'"),
                ("unnumbered names", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-sc3", "<adapter type='scsi_host' name='hostx'/>", "/pc-sc3"), ct), ok),
                ("unnumbered names twice", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-sc4", "<adapter type='scsi_host' name='hostx'/>", "/pc-sc4"), ct), ok),
                ("by parent address", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-sc5",
                    "<adapter type='scsi_host'><parentaddr unique_id=' 3'><address bus='010' slot='0X1f' function='+7' multifunction='on'/></parentaddr></adapter>", "/pc-sc5"), ct), ok),
                ("the same parent address", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-bad",
                    "<adapter type='scsi_host'><parentaddr unique_id='3'><address domain='0' bus='8' slot='31' function='7'/></parentaddr></adapter>", "/pc-bad"), ct), conflict + "'pc-sc5'"),
                ("another unique_id", h => h.DefineStoragePoolAsync(Pool("scsi", "pc-sc6",
                    "<adapter type='scsi_host'><parentaddr unique_id='4'><address domain='0x10000' bus='8' slot='31' function='7'/></parentaddr></adapter>", "/pc-sc6"), ct), ok),
                // a redefinition restarts the sizes of a running pool whose volumes stay: deleting one then wraps the
                // allocation below zero, as libvirt's unsigned arithmetic does
                ("a volume in default-pool", async h => { await h.CreateStorageVolumeAsync("default-pool", "<volume><name>pc-vol</name><capacity>4096</capacity></volume>", 0, ct); return await h.LookupStoragePoolAsync("default-pool", ct); },
                    ok + "default-pool Running persistent=True 107374182400/4096/"),
                ("redefine default-pool over it", h => h.DefineStoragePoolAsync(Dir("default-pool", "/default-pool", DefaultPoolUuid), ct), ok + "default-pool Running persistent=True 107374182400/0/"),
                ("delete the volume", async h => { await h.DeleteStorageVolumeAsync("default-pool", "pc-vol", 0, ct); return await h.LookupStoragePoolAsync("default-pool", ct); },
                    ok + "default-pool Running persistent=True 107374182400/18446744073709547520/"),
            };
            // a network pool has no target: the test driver names its volumes "(null)/<name>"
            steps.Add(("a volume in a running rbd pool", async h =>
            {
                await h.CreateStoragePoolAsync(Pool("rbd", "pc-r3", "<host name='r3'/><name>r3</name>"), 0, ct);
                await h.CreateStorageVolumeAsync("pc-r3", "<volume><name>v</name><capacity>1024</capacity></volume>", 0, ct);
                return await h.LookupStoragePoolAsync("pc-r3", ct);
            }, ok + "pc-r3 Running persistent=False 107374182400/1024/"));
            steps.AddRange(PoolXmlSteps(ct));
            foreach (var (what, call, expect) in steps)
                await SameOn(real, embedded, what, call, expect);

            // the pools both drivers now hold, with the same XML (but for the uuids libvirt made up)
            var realPools = await real.ListStoragePoolsAsync(0, ct);
            var embeddedPools = await embedded.ListStoragePoolsAsync(0, ct);
            Assert.Equal(Names(realPools), Names(embeddedPools));
            foreach (var p in realPools)
            {
                string r = await real.GetStoragePoolXmlAsync(p.Name, false, ct);
                string e = await embedded.GetStoragePoolXmlAsync(p.Name, false, ct);
                if (p.Name.StartsWith("pc-", StringComparison.Ordinal) && !FixedUuids.Contains(p.Name))
                {
                    r = Uuid.Replace(r, "");
                    e = Uuid.Replace(e, "");
                }
                Assert.Equal(r, e);
            }
            Assert.Equal(await real.GetStorageVolumeXmlAsync("pc-r3", "v", ct), await embedded.GetStorageVolumeXmlAsync("pc-r3", "v", ct));
            Assert.Contains("<path>(null)/v</path>", await embedded.GetStorageVolumeXmlAsync("pc-r3", "v", ct));
        }

        // the scenario's pools that name their uuid
        private static readonly HashSet<string> FixedUuids = new HashSet<string>(StringComparer.Ordinal) { "pc-a", "pc-b", "pc-d", "pc-slashes" };

        private static readonly System.Text.RegularExpressions.Regex Uuid = new System.Text.RegularExpressions.Regex("<uuid>[^<]*</uuid>");

        private static async Task<StoragePoolInfo> Start(IHypervisor h, string name, CancellationToken ct)
        {
            await h.StartStoragePoolAsync(name, 0, ct);
            return await h.LookupStoragePoolAsync(name, ct);
        }

        private static List<string> Names(IReadOnlyList<StoragePoolInfo> pools)
        {
            var names = new List<string>();
            foreach (var p in pools) names.Add(p.Name + " " + p.State + " " + p.Persistent);
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }
}
