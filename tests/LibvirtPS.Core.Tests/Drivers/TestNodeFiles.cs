using System;
using System.IO;

namespace LibvirtPS.Core.Tests.Drivers
{
    /// <summary>A private temp folder holding node XML files for one test; deleted on dispose.</summary>
    internal sealed class TestNodeFiles : IDisposable
    {
        internal const string Ns = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";

        internal TestNodeFiles()
        {
            Dir = Path.Combine(Path.GetTempPath(), "libvirtps-testdrv-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Dir);
        }

        internal string Dir { get; }

        internal string Write(string name, string content)
        {
            var path = Path.Combine(Dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return path;
        }

        /// <summary>A node with the test namespace declared and <paramref name="inner"/> as content.</summary>
        internal string Node(string inner, string name = "node.xml") => Write(name, "<node " + Ns + ">" + inner + "</node>");

        /// <summary>A minimal valid domain plus <paramref name="extra"/> elements.</summary>
        internal static string Domain(string name, string extra = "", string memory = "<memory>1024</memory>") =>
            "<domain type='test'><name>" + name + "</name>" + memory + "<os><type>hvm</type></os>" + extra + "</domain>";

        /// <summary>
        /// The multi-domain node used by several tests; the values the tests expect were observed with libvirt 9.0
        /// (python-libvirt on test:///&lt;this file&gt; and libvirtd's test driver).
        /// </summary>
        internal string SeveralDomains()
        {
            Write("dom2.xml",
                "<domain type='test' " + Ns + "><name>fromfile</name><memory unit='M'>100</memory><os><type>hvm</type></os></domain>");
            return Node(@"
  <cpu>
    <mhz>2000</mhz>
    <model>x86_64</model>
    <nodes>1</nodes>
    <sockets>2</sockets>
    <cores>4</cores>
    <threads>2</threads>
    <active>12</active>
  </cpu>
  <memory>8192000</memory>
  <domain type='test'>
    <name>run1</name>
    <uuid>11111111-2222-3333-4444-555555555555</uuid>
    <memory unit='MiB'>1024</memory>
    <currentMemory unit='MiB'>512</currentMemory>
    <vcpu>4</vcpu>
    <os><type>hvm</type></os>
  </domain>
  <domain type='test'>
    <name>off1</name>
    <memory unit='GiB'>2</memory>
    <os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
  <domain type='test'>
    <name>paused1</name>
    <memory>65536</memory>
    <currentMemory>131072</currentMemory>
    <vcpu current='1'>3</vcpu>
    <os><type>hvm</type></os>
    <test:runstate>3</test:runstate>
  </domain>
  <domain type='test'>
    <name>trans1</name>
    <memory unit='b'>1048576</memory>
    <os><type>hvm</type></os>
    <test:transient/>
  </domain>
  <domain type='test'>
    <name>saved1</name>
    <memory unit='KB'>1000</memory>
    <os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
    <test:hasmanagedsave/>
  </domain>
  <domain file='dom2.xml'/>
  <domain type='test'>
    <name>crashed1</name>
    <memory unit='k'>4096</memory>
    <os><type>hvm</type></os>
    <test:runstate>6</test:runstate>
  </domain>
", "node1.xml");
        }

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
