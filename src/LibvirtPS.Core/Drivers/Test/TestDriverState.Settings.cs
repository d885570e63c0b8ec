using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// Memory and vCPU values of one domain definition (libvirt's virDomainDef, as far as settings go), with the
    /// definition's XML text kept in step.
    /// </summary>
    internal sealed class TestDomainSettings
    {
        public ulong MaxMemoryKiB;
        public ulong MemoryKiB;
        public int VCpus;
        public int MaxVCpus;
        public string Xml = "";

        internal static TestDomainSettings From(TestDomain d) =>
            new TestDomainSettings { MaxMemoryKiB = d.MaxMemoryKiB, MemoryKiB = d.MemoryKiB, VCpus = d.VCpus, MaxVCpus = d.MaxVCpus, Xml = d.Xml };

        /// <summary>Makes these the domain's own (live, or only) definition values.</summary>
        internal void ApplyTo(TestDomain d)
        {
            d.MaxMemoryKiB = MaxMemoryKiB;
            d.MemoryKiB = MemoryKiB;
            d.VCpus = VCpus;
            d.MaxVCpus = MaxVCpus;
            d.Xml = Xml;
        }

        private static readonly Regex MemoryElement = new Regex(@"<memory\b[^>]*>[^<]*</memory>", RegexOptions.CultureInvariant);
        private static readonly Regex CurrentMemoryElement = new Regex(@"<currentMemory\b[^>]*>[^<]*</currentMemory>", RegexOptions.CultureInvariant);
        private static readonly Regex VcpuElement = new Regex(@"<vcpu\b([^>]*)>[^<]*</vcpu>", RegexOptions.CultureInvariant);
        private static readonly Regex CurrentAttribute = new Regex(@"\s+current\s*=\s*(?:'[^']*'|""[^""]*"")", RegexOptions.CultureInvariant);

        /// <summary>
        /// Rewrites &lt;memory&gt;, &lt;currentMemory&gt; and &lt;vcpu&gt; of <see cref="Xml"/> as virDomainDefFormat
        /// writes them (KiB; <c>current='N'</c> only when below the maximum). The rest of the text is left as it is.
        /// </summary>
        internal void UpdateXml()
        {
            string I(ulong v) => v.ToString(CultureInfo.InvariantCulture);
            var xml = Xml;
            xml = MemoryElement.Replace(xml, "<memory unit='KiB'>" + I(MaxMemoryKiB) + "</memory>", 1);
            xml = CurrentMemoryElement.Replace(xml, "<currentMemory unit='KiB'>" + I(MemoryKiB) + "</currentMemory>", 1);
            xml = VcpuElement.Replace(xml, m =>
            {
                var attrs = CurrentAttribute.Replace(m.Groups[1].Value, "");
                if (VCpus != MaxVCpus) attrs += " current='" + I((ulong)VCpus) + "'";
                return "<vcpu" + attrs + ">" + I((ulong)MaxVCpus) + "</vcpu>";
            }, 1);
            Xml = xml;
        }
    }

    // The persistent definition of running domains whose settings were changed with CONFIG (libvirt's newDef):
    // it takes over when the domain shuts off; a start drops any stale one.
    public sealed partial class TestDriverState
    {
        private readonly Dictionary<TestDomain, TestDomainSettings> _nextBoot = new Dictionary<TestDomain, TestDomainSettings>();

        /// <summary>The persistent definition of an active domain (a copy of the live one until it is changed). Caller holds SyncRoot.</summary>
        internal TestDomainSettings NextBootSettings(TestDomain d)
        {
            if (!_nextBoot.TryGetValue(d, out var s))
            {
                s = TestDomainSettings.From(d);
                _nextBoot[d] = s;
            }
            return s;
        }

        /// <summary>The persistent definition's XML when it differs from the live one; else null. Caller holds SyncRoot.</summary>
        internal string? NextBootXml(TestDomain d) =>
            d.IsActive && d.Persistent && _nextBoot.TryGetValue(d, out var s) ? s.Xml : null;

        internal void SetNextBootSettings(TestDomain d, TestDomainSettings s) => _nextBoot[d] = s;

        partial void OnDomainStarted(TestDomain domain)
        {
            _nextBoot.Remove(domain);
        }

        partial void OnDomainShutoff(TestDomain domain)
        {
            if (_nextBoot.TryGetValue(domain, out var s))
            {
                _nextBoot.Remove(domain);
                if (domain.Persistent) s.ApplyTo(domain);
            }
        }

        partial void OnDomainStarted(TestDomain domain);

        partial void OnDomainShutoff(TestDomain domain);
    }
}
