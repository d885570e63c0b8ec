using System;
using System.Linq;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Drivers
{
    /// <summary>
    /// TestNodeXmlLoader against what libvirt 9.0's test driver does with the same files (every expected value and
    /// error text below was observed with python-libvirt opening test:///&lt;file&gt; and/or libvirtd's test driver).
    /// </summary>
    public class TestNodeXmlLoaderTests
    {
        private static TestDomain Dom(TestDriverState s, string name) => s.GetDomains().Single(d => d.Name == name);

        [Fact]
        public void SeveralDomains_NodeInfo()
        {
            using var files = new TestNodeFiles();
            var s = TestNodeXmlLoader.LoadFile(files.SeveralDomains());
            var n = s.NodeInfo;
            // python: ['x86_64', 8000, 12, 2000, 1, 2, 4, 2] (memory in MiB there)
            Assert.Equal("x86_64", n.Model);
            Assert.Equal(8192000UL, n.MemoryKiB);
            Assert.Equal(12, n.Cpus); // 1*2*4*2 = 16, lowered to <active>
            Assert.Equal(2000, n.Mhz);
            Assert.Equal(1, n.Nodes);
            Assert.Equal(2, n.Sockets);
            Assert.Equal(4, n.Cores);
            Assert.Equal(2, n.Threads);
        }

        [Fact]
        public void SeveralDomains_StatesIdsUnitsAndFlags()
        {
            using var files = new TestNodeFiles();
            var path = files.SeveralDomains();
            var s = TestNodeXmlLoader.LoadFile(path);
            Assert.Equal(path, s.SourceFile);
            Assert.Equal(new[] { "run1", "off1", "paused1", "trans1", "saved1", "fromfile", "crashed1" },
                s.GetDomains().Select(d => d.Name).ToArray());

            var run1 = Dom(s, "run1");
            Assert.Equal(new Guid("11111111-2222-3333-4444-555555555555"), run1.Uuid);
            Assert.Equal(1, run1.Id);
            Assert.Equal(DomainState.Running, run1.State);
            Assert.Equal(0, run1.StateReason);
            Assert.Equal(1048576UL, run1.MaxMemoryKiB);
            Assert.Equal(524288UL, run1.MemoryKiB);
            Assert.Equal(4, run1.VCpus);
            Assert.True(run1.Persistent);
            Assert.False(run1.Autostart);

            var off1 = Dom(s, "off1");
            Assert.Null(off1.Id);
            Assert.Equal(DomainState.Shutoff, off1.State);
            Assert.Equal(0, off1.StateReason);
            Assert.Equal(2097152UL, off1.MaxMemoryKiB);
            Assert.Equal(2097152UL, off1.MemoryKiB); // no currentMemory: = memory
            Assert.Equal(1, off1.VCpus); // no <vcpu>: 1

            var paused1 = Dom(s, "paused1");
            Assert.Equal(2, paused1.Id);
            Assert.Equal(DomainState.Paused, paused1.State);
            Assert.Equal(65536UL, paused1.MemoryKiB); // currentMemory above memory is lowered
            Assert.Equal(1, paused1.VCpus); // current='1'
            Assert.Equal(3, paused1.MaxVCpus);

            var trans1 = Dom(s, "trans1");
            Assert.Equal(3, trans1.Id);
            Assert.False(trans1.Persistent);
            Assert.Equal(1024UL, trans1.MaxMemoryKiB); // 1048576 bytes

            var saved1 = Dom(s, "saved1");
            Assert.Null(saved1.Id);
            Assert.True(saved1.HasManagedSave);
            Assert.Equal(977UL, saved1.MaxMemoryKiB); // 1000 KB = 1,000,000 bytes, rounded up to KiB

            var fromFile = Dom(s, "fromfile");
            Assert.Equal(4, fromFile.Id);
            Assert.Equal(102400UL, fromFile.MaxMemoryKiB); // M = MiB

            var crashed1 = Dom(s, "crashed1");
            Assert.Equal(5, crashed1.Id);
            Assert.Equal(DomainState.Crashed, crashed1.State);
            Assert.Equal(4096UL, crashed1.MaxMemoryKiB); // k = KiB

            Assert.Equal(6, s.NextDomainId);
            Assert.All(s.GetDomains(), d => Assert.NotEqual(Guid.Empty, d.Uuid)); // generated when missing
        }

        [Fact]
        public void EmptyNode_KeepsTheDefaultsOfTestDefault()
        {
            var s = TestNodeXmlLoader.LoadString("<node/>");
            Assert.Equal(TestDefaultNode.NodeInfo.Cpus, s.NodeInfo.Cpus);
            Assert.Equal("i686", s.NodeInfo.Model);
            Assert.Equal(3145728UL, s.NodeInfo.MemoryKiB);
            Assert.Equal(0, s.DomainCount);
        }

        [Theory]
        // <cpu><mhz>3000</mhz><sockets>4</sockets></cpu> → ['i686', 3072, 32, 3000, 2, 4, 2, 2]
        [InlineData("<cpu><mhz>3000</mhz><sockets>4</sockets></cpu>", 32, 3000, 4, 3145728UL)]
        // leading white space and '+' are accepted; the node memory takes no unit (5 KiB)
        [InlineData("<cpu><mhz> 5</mhz><sockets>+5</sockets></cpu><memory unit='MiB'>5</memory>", 40, 5, 5, 5UL)]
        [InlineData("<cpu><mhz>07</mhz></cpu>", 16, 7, 2, 3145728UL)]
        // empty elements count as absent
        [InlineData("<cpu><mhz></mhz></cpu><memory></memory>", 16, 1400, 2, 3145728UL)]
        // active above the product does not raise it
        [InlineData("<cpu><active>100</active></cpu>", 16, 1400, 2, 3145728UL)]
        [InlineData("<memory>18446744073709551615</memory>", 16, 1400, 2, ulong.MaxValue)]
        public void NodeInfoValues(string inner, int cpus, int mhz, int sockets, ulong memory)
        {
            var n = TestNodeXmlLoader.LoadString("<node>" + inner + "</node>").NodeInfo;
            Assert.Equal(cpus, n.Cpus);
            Assert.Equal(mhz, n.Mhz);
            Assert.Equal(sockets, n.Sockets);
            Assert.Equal(memory, n.MemoryKiB);
        }

        [Fact]
        public void NodeCpuValuesAreUnsigned32BitsReportedAsInt()
        {
            // libvirt: ['i686', ..., -1 (cpus), 1400, -1 (nodes), 1, 1, 1]
            var n = TestNodeXmlLoader.LoadString(
                "<node><cpu><nodes>4294967295</nodes><sockets>1</sockets><cores>1</cores><threads>1</threads></cpu></node>").NodeInfo;
            Assert.Equal(-1, n.Nodes);
            Assert.Equal(-1, n.Cpus);
        }

        [Theory]
        [InlineData("<cpu><mhz>abc</mhz></cpu>", "XML error: invalid node cpu mhz value")]
        [InlineData("<cpu><mhz>0x10</mhz></cpu>", "XML error: invalid node cpu mhz value")]
        [InlineData("<cpu><mhz>4294967296</mhz></cpu>", "XML error: invalid node cpu mhz value")]
        [InlineData("<cpu><sockets>-1</sockets></cpu>", "XML error: invalid node cpu sockets value")]
        [InlineData("<cpu><sockets>-0</sockets></cpu>", "XML error: invalid node cpu sockets value")]
        [InlineData("<cpu><sockets>5 </sockets></cpu>", "XML error: invalid node cpu sockets value")]
        [InlineData("<cpu><nodes>x</nodes></cpu>", "XML error: invalid node cpu nodes value")]
        [InlineData("<memory>lots</memory>", "XML error: invalid node memory value")]
        [InlineData("<memory>-1</memory>", "XML error: invalid node memory value")]
        [InlineData("<memory>18446744073709551616</memory>", "XML error: invalid node memory value")]
        [InlineData("<auth><user></user></auth>", "XML error: missing username in /node/auth/user field")]
        public void NodeErrors(string inner, string message)
        {
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadString("<node>" + inner + "</node>"));
            Assert.Equal(message, e.Message);
            Assert.Equal(LibvirtErrorCode.XmlError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
        }

        [Fact]
        public void ModelOfMoreThan31BytesIsRefused()
        {
            Assert.Equal("abcdefghijabcdefghijabcdefghija",
                TestNodeXmlLoader.LoadString("<node><cpu><model>abcdefghijabcdefghijabcdefghija</model></cpu></node>").NodeInfo.Model);
            var e = Assert.Throws<LibvirtException>(() =>
                TestNodeXmlLoader.LoadString("<node><cpu><model>abcdefghijabcdefghijabcdefghijab</model></cpu></node>"));
            Assert.Equal("internal error: Model abcdefghijabcdefghijabcdefghijab too big for destination", e.Message);
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
        }

        [Theory]
        [InlineData("<memory unit='kib'>2</memory>", 2UL)]
        [InlineData("<memory unit='KiB'>2</memory>", 2UL)]
        [InlineData("<memory unit='kIb'>2</memory>", 2UL)]
        [InlineData("<memory unit='K'>2</memory>", 2UL)]
        [InlineData("<memory unit=''>2</memory>", 2UL)]
        [InlineData("<memory unit='kb'>2</memory>", 2UL)] // 2000 bytes → 2 KiB (rounded up)
        [InlineData("<memory unit='mb'>2</memory>", 1954UL)] // 2,000,000 bytes
        [InlineData("<memory unit='bytes'>2</memory>", 1UL)]
        [InlineData("<memory unit='byte'>2</memory>", 1UL)]
        [InlineData("<memory unit='B'>2</memory>", 1UL)]
        [InlineData("<memory unit='b'>1000</memory>", 1UL)]
        [InlineData("<memory unit='TiB'>20</memory>", 21474836480UL)]
        [InlineData("<memory unit='PiB'>8</memory>", 8796093022208UL)]
        [InlineData("<memory unit='E'>2</memory>", 2251799813685248UL)]
        [InlineData("<memory> 1024</memory>", 1024UL)]
        [InlineData("<memory>+1024</memory>", 1024UL)]
        [InlineData("<memory>01024</memory>", 1024UL)]
        [InlineData("<memory>9007199254740991</memory>", 9007199254740991UL)]
        [InlineData("<memory unit='MiB'>1</memory><memory>1</memory>", 1024UL)] // the first element counts
        public void DomainMemoryUnits(string memory, ulong kib)
        {
            var s = TestNodeXmlLoader.LoadString("<node>" + TestNodeFiles.Domain("a", memory: memory) + "</node>");
            Assert.Equal(kib, s.GetDomains()[0].MaxMemoryKiB);
        }

        [Fact]
        public void CurrentMemoryZeroMeansTheMaximum()
        {
            var d = TestNodeXmlLoader.LoadString("<node>" +
                TestNodeFiles.Domain("a", memory: "<memory>2048</memory><currentMemory>0</currentMemory>") + "</node>").GetDomains()[0];
            Assert.Equal(2048UL, d.MemoryKiB);
            d = TestNodeXmlLoader.LoadString("<node>" +
                TestNodeFiles.Domain("a", memory: "<memory unit='b'>1000</memory><currentMemory unit='b'>1</currentMemory>") + "</node>").GetDomains()[0];
            Assert.Equal(1UL, d.MemoryKiB);
        }

        [Theory]
        [InlineData("<vcpu current='0'>2</vcpu>", 0, 2)]
        [InlineData("<vcpu> 2</vcpu>", 2, 2)]
        [InlineData("<vcpu>+2</vcpu>", 2, 2)]
        [InlineData("<vcpu>5000</vcpu>", 5000, 5000)]
        [InlineData("<vcpu current=' 1'>2</vcpu>", 1, 2)]
        [InlineData("<vcpu current='1' placement='static'> 2<!-- c -->5</vcpu>", 1, 25)]
        public void DomainVcpus(string vcpu, int current, int max)
        {
            var d = TestNodeXmlLoader.LoadString("<node>" + TestNodeFiles.Domain("a", memory: "<memory>1</memory>" + vcpu) + "</node>").GetDomains()[0];
            Assert.Equal(current, d.VCpus);
            Assert.Equal(max, d.MaxVCpus);
        }

        [Theory]
        [InlineData("11111111222233334444555555555555")]
        [InlineData(" 11111111-2222-3333-4444-555555555555 ")]
        [InlineData("1111-1111-2222-3333-4444-5555-5555-5555")]
        public void UuidForms(string uuid)
        {
            var d = TestNodeXmlLoader.LoadString("<node>" + TestNodeFiles.Domain("a", memory: "<uuid>" + uuid + "</uuid><memory>1</memory>") + "</node>").GetDomains()[0];
            Assert.Equal(new Guid("11111111-2222-3333-4444-555555555555"), d.Uuid);
        }

        [Fact]
        public void UppercaseUuidAndOddNamesAreKept()
        {
            var s = TestNodeXmlLoader.LoadString("<node>" +
                TestNodeFiles.Domain(" a ", memory: "<uuid>AAAAAAAA-2222-3333-4444-555555555555</uuid><memory>1</memory>") +
                TestNodeFiles.Domain("a b") + TestNodeFiles.Domain("é") + "</node>");
            Assert.Equal(new Guid("aaaaaaaa-2222-3333-4444-555555555555"), s.GetDomains()[0].Uuid);
            Assert.Equal(new[] { " a ", "a b", "é" }, s.GetDomains().Select(d => d.Name).ToArray());
        }

        [Theory]
        [InlineData("0", DomainState.NoState, 1)]
        [InlineData("4", DomainState.Shutdown, 1)]
        [InlineData("7", DomainState.PMSuspended, 1)]
        [InlineData("", DomainState.Running, 1)]
        [InlineData("5", DomainState.Shutoff, null)]
        public void Runstates(string runstate, DomainState state, int? id)
        {
            var d = TestNodeXmlLoader.LoadString("<node " + TestNodeFiles.Ns + ">" +
                TestNodeFiles.Domain("a", "<test:runstate>" + runstate + "</test:runstate>") + "</node>").GetDomains()[0];
            Assert.Equal(state, d.State);
            Assert.Equal(id, d.Id);
            Assert.Equal(0, d.StateReason);
        }

        [Fact]
        public void RunstateInAnotherNamespaceIsIgnored()
        {
            var d = TestNodeXmlLoader.LoadString("<node><domain type='test' xmlns:test='http://example.com/x'><name>a</name><memory>1024</memory>" +
                "<os><type>hvm</type></os><test:runstate>5</test:runstate></domain></node>").GetDomains()[0];
            Assert.Equal(DomainState.Running, d.State);
        }

        [Fact]
        public void FirstRunstateCounts()
        {
            var d = TestNodeXmlLoader.LoadString("<node " + TestNodeFiles.Ns + ">" +
                TestNodeFiles.Domain("a", "<test:runstate>5</test:runstate><test:runstate>3</test:runstate>") + "</node>").GetDomains()[0];
            Assert.Equal(DomainState.Shutoff, d.State);
        }

        [Theory]
        [InlineData("kvm")]
        [InlineData("none")]
        [InlineData("qemu")]
        [InlineData("vz")]
        public void AnyKnownVirtTypeIsAccepted(string type)
        {
            var s = TestNodeXmlLoader.LoadString("<node><domain type='" + type + "'><name>a</name><memory>1</memory><os><type>hvm</type></os></domain></node>");
            Assert.Equal(1, s.DomainCount);
        }

        [Theory]
        [InlineData("<os><type>xen</type></os>")]
        [InlineData("<os><type>linux</type></os>")]
        [InlineData("<os><type>xenpvh</type></os>")]
        [InlineData("<os><type arch='x86_64'>hvm</type></os>")]
        [InlineData("<os><type arch='aarch64'>hvm</type></os>")]
        [InlineData("<os><type>exe</type><init>/bin/sh</init></os>")]
        [InlineData("<os><boot dev='hd'/><type>hvm</type></os>")]
        public void OsTypesAccepted(string os)
        {
            var s = TestNodeXmlLoader.LoadString("<node><domain type='test'><name>a</name><memory>1</memory>" + os + "</domain></node>");
            Assert.Equal(1, s.DomainCount);
        }

        public static TheoryData<string, LibvirtErrorCode, LibvirtErrorDomain, string> DomainErrorCases => new TheoryData<string, LibvirtErrorCode, LibvirtErrorDomain, string>
        {
            { "<domain><name>a</name><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: missing domain type attribute" },
            { "<domain type=''><name>a</name><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: missing domain type attribute" },
            { "<domain type='foo'><name>a</name><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: invalid domain type foo" },
            { "<domain type='TEST'><name>a</name><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: invalid domain type TEST" },
            { "<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.NoName, LibvirtErrorDomain.Domain, "missing name information" },
            { "<domain type='test'><name></name><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.NoName, LibvirtErrorDomain.Domain, "missing name information" },
            { "<domain type='test'><name>a/b</name><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: name a/b cannot contain '/'" },
            { "<domain type='test'><name>a</name><uuid>zzz</uuid><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: malformed uuid element" },
            { "<domain type='test'><name>a</name><uuid>11111111-2222-3333-4444-55555555555</uuid><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: malformed uuid element" },
            { "<domain type='test'><name>a</name><uuid>{11111111-2222-3333-4444-555555555555}</uuid><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: malformed uuid element" },
            { "<domain type='test'><name>a</name><memory>1024</memory></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: an os <type> must be specified" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type></type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: an os <type> must be specified" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type>foo</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: unknown OS type 'foo'" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type> hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: unknown OS type ' hvm'" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type>HVM</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: unknown OS type 'HVM'" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type arch='zz'>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: Unknown architecture zz" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type arch='i386'>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: Unknown architecture i386" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type>exe</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: init binary must be specified" },
            { "<domain type='test'><name>a</name><memory>abc</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value 'abc' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>1024 </memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value '1024 ' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>-1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value '-1' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>1.5</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value '1.5' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>0x400</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value '0x400' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory unit='bytes'>18446744073709551616</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value '18446744073709551616' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>1</memory><currentMemory>x</currentMemory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value 'x' for element or attribute './currentMemory[1]'" },
            { "<domain type='test'><name>a</name><memory unit='XB'>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.None, "invalid argument: unknown suffix 'XB'" },
            { "<domain type='test'><name>a</name><memory unit='Mi'>2</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.None, "invalid argument: unknown suffix 'Mi'" },
            { "<domain type='test'><name>a</name><memory unit='KiBB'>2</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.None, "invalid argument: unknown suffix 'KiBB'" },
            { "<domain type='test'><name>a</name><memory>1024</memory><currentMemory unit='zz'>5</currentMemory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.None, "invalid argument: unknown suffix 'zz'" },
            { "<domain type='test'><name>a</name><memory>9007199254740992</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.Overflow, LibvirtErrorDomain.None, "numerical overflow: value too large: 9007199254740992" },
            { "<domain type='test'><name>a</name><memory unit='EiB'>20</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.Overflow, LibvirtErrorDomain.None, "numerical overflow: value too large: 20EiB" },
            { "<domain type='test'><name>a</name><memory unit='bytes'>9223372036854775808</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.Overflow, LibvirtErrorDomain.None, "numerical overflow: value too large: 9223372036854775808bytes" },
            { "<domain type='test'><name>a</name><memory unit='bytes'>9223372036854775807</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.Overflow, LibvirtErrorDomain.Domain, "numerical overflow: size value too large" },
            { "<domain type='test'><name>a</name><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: Memory size must be specified via <memory> or in the <numa> configuration" },
            { "<domain type='test'><name>a</name><memory>0</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: Memory size must be specified via <memory> or in the <numa> configuration" },
            { "<domain type='test'><name>a</name><memory>1024</memory><vcpu>0</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: CPU IDs in <numa> exceed the <vcpu> count" },
            { "<domain type='test'><name>a</name><memory>1024</memory><vcpu>x</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: maximum vcpus count must be an integer" },
            { "<domain type='test'><name>a</name><memory>1024</memory><vcpu></vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: maximum vcpus count must be an integer" },
            { "<domain type='test'><name>a</name><memory>1024</memory><vcpu>2 </vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: maximum vcpus count must be an integer" },
            { "<domain type='test'><name>a</name><memory>1024</memory><vcpu>4294967296</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: maximum vcpus count must be an integer" },
            { "<domain type='test'><name>a</name><memory>1024</memory><vcpu current='3'>2</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: maximum vCPU count must not be less than current vCPU count" },
            { "<domain type='test'><name>a</name><memory>1</memory><vcpu current='x'>2</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value for attribute 'current' in element 'vcpu': 'x'. Expected non-negative integer value" },
            { "<domain type='test'><name>a</name><memory>1</memory><vcpu current=''>2</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value for attribute 'current' in element 'vcpu': ''. Expected non-negative integer value" },
            { "<domain type='test'><name>a</name><memory>1</memory><vcpu current='-1'>2</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value for attribute 'current' in element 'vcpu': '-1'. Expected non-negative integer value" },
            { "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><test:runstate>abc</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: invalid runstate" },
            { "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><test:runstate>-1</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: invalid runstate" },
            { "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><test:runstate> 5 </test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: invalid runstate" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type>hvm</type></os><test:runstate>4294967296</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: invalid runstate" },
            { "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><test:runstate>8</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: runstate '8' out of range'" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type>hvm</type></os><test:runstate>4294967295</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: runstate '-1' out of range'" },
            { "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><test:runstate>5</test:runstate><test:transient/></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: transient domain cannot have runstate 'shutoff'" },
            { "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os><test:hasmanagedsave/></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: domain with managedsave data can only have runstate 'shutoff'" },
            // order of checks (libvirt 9.0)
            { "<domain><name>a/b</name><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: missing domain type attribute" },
            { "<domain type='foo'><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.NoName, LibvirtErrorDomain.Domain, "missing name information" },
            { "<domain type='foo'><name>a</name><uuid>x</uuid><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: malformed uuid element" },
            { "<domain type='foo'><name>a/b</name><memory>1</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: invalid domain type foo" },
            { "<domain type='foo'><name>a</name><memory>x</memory></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: invalid domain type foo" },
            { "<domain type='test'><name>a/b</name><memory>1</memory></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: an os <type> must be specified" },
            { "<domain type='test'><name>a</name><memory>x</memory></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: an os <type> must be specified" },
            { "<domain type='test'><name>a</name><memory>x</memory><os><type arch='zz'>hvm</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: Unknown architecture zz" },
            { "<domain type='test'><name>a</name><memory>1</memory><os><type arch='zz'>foo</type></os></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: unknown OS type 'foo'" },
            { "<domain type='test'><name>a</name><memory unit='zz'>x</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value 'x' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>x</memory><vcpu>x</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Xml, "XML error: Invalid value 'x' for element or attribute './memory[1]'" },
            { "<domain type='test'><name>a</name><memory>0</memory><vcpu>x</vcpu><os><type>hvm</type></os><test:runstate>9</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: maximum vcpus count must be an integer" },
            { "<domain type='test'><name>a</name><memory>1</memory><vcpu current='3'>2</vcpu><os><type>hvm</type></os><test:runstate>9</test:runstate></domain>",
                LibvirtErrorCode.ConfigUnsupported, LibvirtErrorDomain.Domain, "unsupported configuration: maximum vCPU count must not be less than current vCPU count" },
            { "<domain type='test'><name>a</name><memory>0</memory><os><type>hvm</type></os><test:runstate>9</test:runstate></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Test, "XML error: runstate '9' out of range'" },
            { "<domain type='test'><name>a</name><memory>0</memory><vcpu>0</vcpu><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: CPU IDs in <numa> exceed the <vcpu> count" },
            { "<domain type='test'><name>a</name><memory>0</memory><os><type>exe</type></os></domain>",
                LibvirtErrorCode.XmlError, LibvirtErrorDomain.Domain, "XML error: init binary must be specified" },
            { "<domain type='test'><name>a</name><memory>1</memory><vcpu>0</vcpu><os><type>exe</type></os></domain>",
                LibvirtErrorCode.InternalError, LibvirtErrorDomain.Domain, "internal error: CPU IDs in <numa> exceed the <vcpu> count" },
            // duplicates
            { "<domain type='test'><name>a</name><uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1024</memory><os><type>hvm</type></os></domain>" +
              "<domain type='test'><name>b</name><uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.OperationFailed, LibvirtErrorDomain.Domain, "operation failed: domain 'a' is already defined with uuid 11111111-2222-3333-4444-555555555555" },
            { "<domain type='test'><name>a</name><uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1024</memory><os><type>hvm</type></os></domain>" +
              "<domain type='test'><name>a</name><memory>1024</memory><os><type>hvm</type></os></domain>",
                LibvirtErrorCode.OperationFailed, LibvirtErrorDomain.Domain, "operation failed: domain 'a' already exists with uuid 11111111-2222-3333-4444-555555555555" },
        };

        [Theory]
        [MemberData(nameof(DomainErrorCases))]
        public void DomainErrors(string domains, LibvirtErrorCode code, LibvirtErrorDomain domain, string message)
        {
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadString("<node " + TestNodeFiles.Ns + ">" + domains + "</node>"));
            Assert.Equal(message, e.Message);
            Assert.Equal(code, e.Code);
            Assert.Equal(domain, e.Domain);
        }

        [Fact]
        public void DomainsInOtherNamespacesAreNotDomains()
        {
            var s = TestNodeXmlLoader.LoadString("<node><x:domain xmlns:x='urn:x' type='test'><name>a</name></x:domain>" +
                "<domain type='test' xmlns='" + TestNodeXmlLoader.TestNamespace + "'><name>b</name></domain></node>");
            Assert.Equal(0, s.DomainCount);
        }

        [Fact]
        public void SameNameAndUuidTwice_ActiveKeepsItsDefinitionAndTakesANewId()
        {
            // libvirt 9.0: running then paused → running (first definition, memory 1024) with id 3 (after b = 2)
            const string u = "<uuid>11111111-2222-3333-4444-555555555555</uuid>";
            var s = TestNodeXmlLoader.LoadString("<node " + TestNodeFiles.Ns + ">" +
                TestNodeFiles.Domain("a", memory: u + "<memory>1024</memory>") +
                TestNodeFiles.Domain("b", memory: "<memory>1</memory>") +
                TestNodeFiles.Domain("a", "<test:runstate>3</test:runstate>", u + "<memory>2048</memory>") + "</node>");
            var a = s.GetDomains().Single(d => d.Name == "a");
            Assert.Equal(3, a.Id);
            Assert.Equal(DomainState.Running, a.State);
            Assert.Equal(1024UL, a.MaxMemoryKiB);
            Assert.Equal(2, s.DomainCount);
        }

        [Theory]
        // first shut off → the second definition applies: running (id 1), memory 2048; both shut off → shut off, 2048
        [InlineData("<test:runstate>5</test:runstate>", "", true, DomainState.Running, 1, 2048UL)]
        [InlineData("<test:runstate>5</test:runstate>", "<test:runstate>5</test:runstate>", true, DomainState.Shutoff, null, 2048UL)]
        // first paused → stays paused with a new id and the first definition
        [InlineData("<test:runstate>3</test:runstate>", "<test:runstate>3</test:runstate>", true, DomainState.Paused, 2, 1024UL)]
        // first running, second transient → still persistent, new id
        [InlineData("", "<test:transient/>", true, DomainState.Running, 2, 1024UL)]
        public void SameNameAndUuidTwice(string first, string second, bool persistent, DomainState state, int? id, ulong memory)
        {
            const string u = "<uuid>11111111-2222-3333-4444-555555555555</uuid>";
            var s = TestNodeXmlLoader.LoadString("<node " + TestNodeFiles.Ns + ">" +
                TestNodeFiles.Domain("a", first, u + "<memory>1024</memory>") +
                TestNodeFiles.Domain("a", second, u + "<memory>2048</memory>") + "</node>");
            var a = s.GetDomains().Single();
            Assert.Equal(state, a.State);
            Assert.Equal(id, a.Id);
            Assert.Equal(memory, a.MaxMemoryKiB);
            Assert.Equal(persistent, a.Persistent);
        }

        [Fact]
        public void FileReferences_RelativeToTheNodeFileAndAbsolute()
        {
            using var files = new TestNodeFiles();
            files.Write("sub/d.xml", "<domain type='test'><name>sub</name><memory>1</memory><os><type>hvm</type></os></domain>");
            var abs = files.Write("abs.xml", "<domain type='test'><name>abs</name><memory>1</memory><os><type>hvm</type></os></domain>");
            var node = files.Node("<domain file='sub/d.xml'/><domain file='" + abs + "'/>");
            var s = TestNodeXmlLoader.LoadFile(node);
            Assert.Equal(new[] { "sub", "abs" }, s.GetDomains().Select(d => d.Name).ToArray());
        }

        [Fact]
        public void FileReference_Missing()
        {
            using var files = new TestNodeFiles();
            var node = files.Node("<domain file='nope.xml'/>");
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(node));
            Assert.Equal("XML error: failed to parse xml document '" + files.Dir + "/nope.xml'", e.Message);
            Assert.Equal(LibvirtErrorCode.XmlError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
        }

        [Fact]
        public void FileReference_WrongRoot()
        {
            using var files = new TestNodeFiles();
            files.Write("notdom.xml", "<foo/>");
            var node = files.Node("<domain file='notdom.xml'/>");
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(node));
            Assert.Equal("XML error: expecting root element of 'domain', not 'foo'", e.Message);
            Assert.Equal(LibvirtErrorDomain.Xml, e.Domain);
        }

        [Fact]
        public void FileReference_Malformed()
        {
            using var files = new TestNodeFiles();
            var bad = files.Write("baddom.xml", "<domain><name>x</name>\n");
            var node = files.Node("<domain file='baddom.xml'/>");
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(node));
            Assert.Equal(LibvirtErrorCode.XmlDetail, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
            Assert.StartsWith(bad + ":", e.Message); // libvirt: "<file>:2: Premature end of data in tag domain line 1…"
        }

        [Fact]
        public void MissingFile()
        {
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile("/nonexistent/libvirtps/node.xml"));
            Assert.Equal("XML error: failed to parse xml document '/nonexistent/libvirtps/node.xml'", e.Message);
            Assert.Equal(LibvirtErrorCode.XmlError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
            // Detail is "failed to parse …" once LibvirtErrorMessages knows the "XML error: " prefix; until then the whole text
            Assert.EndsWith("failed to parse xml document '/nonexistent/libvirtps/node.xml'", e.Detail);
        }

        [Fact]
        public void MalformedFile()
        {
            using var files = new TestNodeFiles();
            var path = files.Write("malformed.xml", "<node><domain type='test'><name>x</name></node>");
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(path));
            // libvirt passes libxml2's text through: "<file>:1: Opening and ending tag mismatch: domain line 1 and node\n…"
            Assert.Equal(LibvirtErrorCode.XmlDetail, e.Code);
            Assert.Equal(LibvirtErrorDomain.Test, e.Domain);
            Assert.StartsWith(path + ":1: ", e.Message);
        }

        [Fact]
        public void EmptyFile()
        {
            using var files = new TestNodeFiles();
            var path = files.Write("empty.xml", "");
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(path));
            Assert.Equal(LibvirtErrorCode.XmlDetail, e.Code);
            Assert.StartsWith(path + ":", e.Message);
        }

        [Fact]
        public void RootIsNotNode()
        {
            using var files = new TestNodeFiles();
            var path = files.Write("rootnot.xml", "<foo/>");
            var e = Assert.Throws<LibvirtException>(() => TestNodeXmlLoader.LoadFile(path));
            Assert.Equal("XML error: expecting root element of 'node', not 'foo'", e.Message);
            Assert.Equal(LibvirtErrorCode.XmlError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Xml, e.Domain);
        }

        [Fact]
        public void DomainXmlTextIsKept()
        {
            using var files = new TestNodeFiles();
            var s = TestNodeXmlLoader.LoadFile(files.SeveralDomains());
            var xml = s.GetDomains().Single(d => d.Name == "run1").Xml;
            Assert.Contains("<name>run1</name>", xml);
            Assert.Contains("11111111-2222-3333-4444-555555555555", xml);
        }

        [Fact]
        public void AuthUsersAreRead()
        {
            var s = TestNodeXmlLoader.LoadString("<node><auth><user password='p'>u</user><user>v</user></auth></node>");
            Assert.Equal(2, s.AuthUsers.Count);
            Assert.Equal("u", s.AuthUsers[0].UserName);
            Assert.Equal("p", s.AuthUsers[0].Password);
            Assert.Null(s.AuthUsers[1].Password);
        }

        [Fact]
        public void SnapshotsAreCounted()
        {
            var d = TestNodeXmlLoader.LoadString("<node " + TestNodeFiles.Ns + ">" +
                TestNodeFiles.Domain("a", "<test:domainsnapshot/><test:domainsnapshot/>") + "</node>").GetDomains()[0];
            Assert.Equal(2, d.SnapshotCount);
        }
    }
}
