using System;
using System.Linq;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// What <c>test:///default</c> starts with: libvirt 9.0's defaultNodeInfo and defaultConnXML domain (test_driver.c),
    /// checked against libvirt's own client (python-libvirt on test:///default) and a libvirtd test driver
    /// (<c>virsh -c test+unix:///default?socket=… nodeinfo / dominfo test / domstate --reason test / version</c>).
    /// Its network "default" is modelled (TestNodeXmlLoader.Networks.cs); interfaces, the storage pool and node devices are not.
    /// </summary>
    public static class TestDefaultNode
    {
        public const string CpuModel = "i686";
        public const ulong MemoryKiB = 3145728; // 3 GiB
        public const int Cpus = 16;
        public const int Mhz = 1400;
        public const int Nodes = 2;
        public const int Sockets = 2;
        public const int Cores = 2;
        public const int Threads = 2;

        public const string DomainName = "test";
        public const string DomainUuidText = "6695eb01-f6a4-8304-79aa-97f2502e193f";
        public static readonly Guid DomainUuid = new Guid(DomainUuidText);
        public const int DomainId = 1;
        public const ulong DomainMaxMemoryKiB = 8388608;
        public const ulong DomainMemoryKiB = 2097152;
        public const int DomainVCpus = 2;

        /// <summary>
        /// The default domain starts running with reason 0 (<c>virsh domstate --reason test</c> prints
        /// <c>running (unknown)</c>): testParseDomains starts it with BOOTED, then sets the parsed runstate with reason 0.
        /// </summary>
        public const int DomainStateReason = 0;

        /// <summary>CONNECT_GET_TYPE of the test driver.</summary>
        public const string DriverType = "TEST";

        /// <summary>testConnectGetVersion: <c>virsh version</c> prints "Running hypervisor: TEST 0.0.2".</summary>
        public const ulong HypervisorVersion = 2;

        /// <summary>libvirt 9.0.0 as major*1,000,000 + minor*1,000 + micro (the library we mirror).</summary>
        public const ulong LibVersion = 9000000;

        public const string DefaultUri = "test:///default";

        /// <summary>virNodeInfo of test:///default (and the starting point of every node XML file).</summary>
        public static NodeInfo NodeInfo { get; } = new NodeInfo(CpuModel, MemoryKiB, Cpus, Mhz, Nodes, Sockets, Cores, Threads);

        /// <summary>
        /// The default domain's inactive XML exactly as libvirt 9.0 formats it (<c>virsh dumpxml --inactive test</c>);
        /// libvirt's source text (defaultConnXML) is the unformatted equivalent.
        /// </summary>
        public const string DomainXml =
            "<domain type='test'>\n" +
            "  <name>test</name>\n" +
            "  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n" +
            "  <memory unit='KiB'>8388608</memory>\n" +
            "  <currentMemory unit='KiB'>2097152</currentMemory>\n" +
            "  <vcpu placement='static'>2</vcpu>\n" +
            "  <os>\n" +
            "    <type arch='i686'>hvm</type>\n" +
            "    <boot dev='hd'/>\n" +
            "  </os>\n" +
            "  <clock offset='utc'/>\n" +
            "  <on_poweroff>destroy</on_poweroff>\n" +
            "  <on_reboot>restart</on_reboot>\n" +
            "  <on_crash>destroy</on_crash>\n" +
            "  <devices>\n" +
            "    <disk type='file' device='disk'>\n" +
            "      <source file='/guest/diskimage1'/>\n" +
            "      <target dev='vda' bus='virtio'/>\n" +
            "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n" +
            "    </disk>\n" +
            "    <interface type='network'>\n" +
            "      <mac address='aa:bb:cc:dd:ee:ff'/>\n" +
            "      <source network='default'/>\n" +
            "      <target dev='testnet0'/>\n" +
            "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n" +
            "    </interface>\n" +
            "    <memballoon model='virtio'>\n" +
            "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n" +
            "    </memballoon>\n" +
            "  </devices>\n" +
            "</domain>\n";

        /// <summary>A fresh state of test:///default (what testOpenDefault builds for the first connection).</summary>
        public static TestDriverState Create()
        {
            var state = TestNodeXmlLoader.LoadString("<node>" + DomainXml + TestNodeXmlLoader.DefaultNetworkXml + "</node>");
            lock (state.SyncRoot)
            {
                foreach (var d in state.DomainsUnlocked) d.Xml = DomainXml;
                state.AddDefaultPool();
            }
            return state;
        }
    }
}
