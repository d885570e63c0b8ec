// Pools and volumes of a test-driver node XML file: the embedded driver against libvirt 9.0's own test driver,
// which virsh runs in-process for test:///<file> (no daemon needed).
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Drivers
{
    public class TestStorageNodeXmlTests
    {
        private const string NodeXml = @"<node>
  <pool type='dir'>
    <name>np</name>
    <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid>
    <target><path>/np</path></target>
    <volume type='file'><name>nv1</name><capacity unit='M'>5</capacity><allocation>1024</allocation></volume>
    <volume><name>nv2</name><capacity>2048</capacity></volume>
  </pool>
  <pool type='dir'><name>np2</name><uuid>5402e1db-e684-4ba1-a3f2-8e81a9959945</uuid><target><path>/np2</path></target></pool>
</node>";

        private static string? Virsh(string uri, params string[] args)
        {
            var psi = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(uri);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            try
            {
                using var p = Process.Start(psi)!;
                p.StandardInput.Close();
                string o = p.StandardOutput.ReadToEnd();
                p.WaitForExit(20000);
                return o;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        private static string WriteNode(string xml)
        {
            string file = Path.Combine(Path.GetTempPath(), "libvirtps-storage-node-" + Guid.NewGuid().ToString("N") + ".xml");
            File.WriteAllText(file, xml);
            return file;
        }

        // virStoragePoolObjListAdd refuses a node file's pool like a defined one: the file does not open
        [SkippableTheory]
        [InlineData("<pool type='dir'><name>p1</name><target><path>/same</path></target></pool>" +
                    "<pool type='dir'><name>p2</name><target><path>/same//</path></target></pool>")]
        [InlineData("<pool type='dir'><name>p1</name><uuid>11111111-2222-3333-4444-555555555555</uuid><target><path>/a</path></target></pool>" +
                    "<pool type='dir'><name>p1</name><target><path>/b</path></target></pool>")]
        [InlineData("<pool type='dir'><name>p1</name><uuid>11111111-2222-3333-4444-555555555555</uuid><target><path>/a</path></target></pool>" +
                    "<pool type='dir'><name>p2</name><uuid>11111111-2222-3333-4444-555555555555</uuid><target><path>/b</path></target></pool>")]
        [InlineData("<pool type='mpath'><name>p1</name><target><path>/a</path></target></pool>" +
                    "<pool type='mpath'><name>p2</name><target><path>/b</path></target></pool>")]
        public void NodeFilePoolConflicts_RefuseTheFileAsLibvirtDoes(string pools)
        {
            string file = WriteNode("<node>" + pools + "</node>");
            try
            {
                var psi = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "-c", "test://" + file, "pool-list" }) psi.ArgumentList.Add(a);
                psi.Environment["LC_ALL"] = "C";
                Process? p = null;
                try { p = Process.Start(psi); }
                catch (System.ComponentModel.Win32Exception) { }
                Skip.If(p == null, "virsh is not installed");
                string stderr = p!.StandardError.ReadToEnd();
                p.WaitForExit(20000);
                Assert.NotEqual(0, p.ExitCode);
                string last = stderr.Trim().Split('\n').Last();
                var e = Assert.Throws<LibvirtException>(() => new TestDriverRegistry().OpenFile(file));
                Assert.Equal(last, "error: " + e.Message);
                Assert.Equal(LibvirtErrorDomain.Storage, e.Domain);
            }
            finally
            {
                File.Delete(file);
            }
        }

        // the same name and uuid twice: the first (running) definition stays, the volumes of both are in it, and its
        // allocation counts only the second element's volumes (testStoragePoolObjSetDefaults runs again)
        [SkippableFact]
        public async Task NodeFileSamePoolTwice_MergesAsLibvirtDoes()
        {
            string file = WriteNode("<node>" +
                "<pool type='dir'><name>p1</name><uuid>11111111-2222-3333-4444-555555555555</uuid><target><path>/same</path></target>" +
                "<volume><name>v1</name><capacity>1024</capacity></volume></pool>" +
                "<pool type='dir'><name>p1</name><uuid>11111111-2222-3333-4444-555555555555</uuid><target><path>/other</path></target>" +
                "<volume><name>v2</name><capacity>2048</capacity></volume></pool></node>");
            try
            {
                string uri = "test://" + file;
                string? xml = Virsh(uri, "pool-dumpxml", "p1");
                Skip.If(xml == null, "virsh is not installed");
                using var hv = new TestDriverRegistry().OpenFile(file);
                Assert.Equal(xml, await hv.GetStoragePoolXmlAsync("p1", false, CancellationToken.None) + "\n");
                var vols = await hv.ListStorageVolumesAsync("p1", CancellationToken.None);
                // virsh vol-list: a header, a rule, then "name  path" rows
                var rows = Virsh(uri, "vol-list", "p1")!.Split('\n').Skip(2).Select(l => l.Trim()).Where(l => l.Length > 0);
                Assert.Equal(rows.Select(r => r.Split(' ')[0]), vols.Select(v => v.Name));
                foreach (var v in vols)
                    Assert.Equal(Virsh(uri, "vol-path", v.Name, "--pool", "p1")!.Trim(), v.Path);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [SkippableFact]
        public async Task NodeFilePools_MatchLibvirtsTestDriver()
        {
            string file = Path.Combine(Path.GetTempPath(), "libvirtps-storage-node-" + Guid.NewGuid().ToString("N") + ".xml");
            File.WriteAllText(file, NodeXml);
            try
            {
                string uri = "test://" + file;
                string? probe = Virsh(uri, "pool-list", "--all", "--name");
                Skip.If(probe == null, "virsh is not installed");
                using var hv = new TestDriverRegistry().OpenFile(file);
                var pools = await hv.ListStoragePoolsAsync(0, CancellationToken.None);
                Assert.Equal(probe!.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).OrderBy(n => n), pools.Select(p => p.Name).OrderBy(n => n));
                foreach (var pool in pools)
                {
                    Assert.Equal(Virsh(uri, "pool-dumpxml", pool.Name), await hv.GetStoragePoolXmlAsync(pool.Name, false, CancellationToken.None) + "\n");
                    Assert.Equal(StoragePoolState.Running, pool.State);
                    Assert.True(pool.Persistent);
                }
                var vols = await hv.ListStorageVolumesAsync("np", CancellationToken.None);
                Assert.Equal(new[] { "nv1", "nv2" }, vols.Select(v => v.Name));
                foreach (var v in vols)
                    Assert.Equal(Virsh(uri, "vol-dumpxml", v.Name, "--pool", "np"), await hv.GetStorageVolumeXmlAsync("np", v.Name, CancellationToken.None) + "\n");
                Assert.Equal(3072UL, (await hv.LookupStoragePoolAsync("np", CancellationToken.None)).Allocation);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
