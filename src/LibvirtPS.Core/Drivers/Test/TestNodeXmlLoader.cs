using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// Loads a libvirt test-driver node XML file (<c>test:///path/node.xml</c>) into a <see cref="TestDriverState"/>,
    /// as libvirt 9.0's testOpenFromFile / testOpenParse do:
    /// <list type="bullet">
    /// <item>root <c>&lt;node&gt;</c>; node info from <c>/node/cpu/{nodes,sockets,cores,threads,active,mhz,model}</c> and
    /// <c>/node/memory</c> (KiB, a <c>unit</c> attribute is ignored) over the defaults of test:///default;
    /// cpus = nodes×sockets×cores×threads, lowered to <c>active</c>;</item>
    /// <item><c>/node/domain</c> inline or <c>&lt;domain file='x.xml'/&gt;</c> (relative to the node file's folder);
    /// per domain: type, name, uuid (random when missing), os type/arch, memory/currentMemory with units, vcpu
    /// (current), on_poweroff/on_reboot, and the <c>http://libvirt.org/schemas/domain/test/1.0</c> extensions
    /// <c>runstate</c> (default running), <c>transient</c>, <c>hasmanagedsave</c>;</item>
    /// <item>domains that are not shut off start in file order (ids 1, 2, 3…) and then take the runstate with reason 0;</item>
    /// <item><c>/node/auth/user</c> (username = text, optional <c>password</c> attribute).</item>
    /// </list>
    /// Errors carry libvirt's code, domain and text, in libvirt's order of checks (verified one by one against
    /// libvirt 9.0). Networks, interfaces, pools, volumes and node devices are not loaded; snapshots are only counted.
    /// </summary>
    public static partial class TestNodeXmlLoader
    {
        /// <summary>The namespace of the test driver's domain XML extensions.</summary>
        public const string TestNamespace = "http://libvirt.org/schemas/domain/test/1.0";

        private static readonly XNamespace TestNs = TestNamespace;

        /// <summary>libvirt's VIR_DOMAIN_MEMORY_MAX bound: memory is parsed in bytes up to LLONG_MAX.</summary>
        private const ulong MemoryLimitBytes = long.MaxValue;

        private static readonly HashSet<string> VirtTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test", "vmware", "hyperv", "vbox", "phyp",
            "parallels", "bhyve", "vz",
        };

        private static readonly HashSet<string> OsTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "hvm", "xen", "linux", "exe", "uml", "xenpvh",
        };

        // virArch names of libvirt 9.0 (no loongarch64 yet), case-sensitive.
        private static readonly HashSet<string> Architectures = new HashSet<string>(StringComparer.Ordinal)
        {
            "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32", "m68k", "microblaze",
            "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64", "ppc", "ppcle",
            "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64",
            "unicore32", "x86_64", "xtensa", "xtensaeb",
        };

        /// <summary>Loads a node XML file. <paramref name="path"/> is used as given (libvirt takes the URI path).</summary>
        public static TestDriverState LoadFile(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var doc = ParseDocument(path, "node");
            var state = new TestDriverState(TestDefaultNode.NodeInfo, path);
            Populate(state, doc.Root!, path);
            return state;
        }

        /// <summary>
        /// Loads node XML from a string. <paramref name="baseFile"/> resolves <c>&lt;domain file=…/&gt;</c> references
        /// and names the document in errors (null: references resolve against the current folder).
        /// </summary>
        public static TestDriverState LoadString(string xml, string? baseFile = null)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            var doc = ParseText(xml, baseFile ?? "(test driver)", "node");
            var state = new TestDriverState(TestDefaultNode.NodeInfo, baseFile);
            Populate(state, doc.Root!, baseFile);
            return state;
        }

        /// <summary>virDomainDefParseString for a domain defined or created at run time (virDomainDefineXML / virDomainCreateXML).</summary>
        internal static DomainDefinition ParseDomainText(string xml) =>
            ParseDomain(ParseText(xml, "(domain_definition)", "domain").Root!);

        private static void Populate(TestDriverState state, XElement root, string? file)
        {
            lock (state.SyncRoot)
            {
                state.NodeInfo = ParseNodeInfo(root, TestDefaultNode.NodeInfo);
                foreach (var element in Children(root, "domain").ToList())
                {
                    var domainElement = ResolveFileReference(element, file, "domain");
                    var def = ParseDomain(domainElement);
                    AddDomain(state, def);
                }
                PopulateNetworks(state, root, file);
                state.AuthUsers = ParseAuthUsers(root);
                PopulateStorage(state, root, file);
            }
        }

        // ------------------------------------------------------------------ documents

        private static XDocument ParseDocument(string path, string rootName)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException ||
                                      e is ArgumentException || e is System.Security.SecurityException)
            {
                // libxml2 cannot load the file: virXMLParse reports VIR_ERR_XML_ERROR from the test driver.
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "failed to parse xml document '" + path + "'");
            }
            return ParseBytes(bytes, path, rootName);
        }

        private static XDocument ParseText(string text, string name, string rootName)
        {
            using (var reader = new StringReader(text))
                return Parse(() => XmlReader.Create(reader, ReaderSettings()), name, rootName, text);
        }

        private static XDocument ParseBytes(byte[] bytes, string name, string rootName)
        {
            using (var stream = new MemoryStream(bytes, false))
                return Parse(() => XmlReader.Create(stream, ReaderSettings()), name, rootName, null);
        }

        private static XmlReaderSettings ReaderSettings() => new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreWhitespace = false,
            IgnoreComments = false,
        };

        private static XDocument Parse(Func<XmlReader> open, string name, string rootName, string? source)
        {
            XDocument doc;
            try
            {
                using (var reader = open())
                    doc = XDocument.Load(reader, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                // libvirt passes libxml2's message through as VIR_ERR_XML_DETAIL: "<file>:<line>: <libxml2 text>\n<context>";
                // TestLibxml2Errors gives libxml2's text for the common faults of a domain XML given as text.
                throw TestDriverErrors.XmlDetail(TestLibxml2Errors.Describe(e, source, name));
            }
            if (doc.Root == null || doc.Root.Name.LocalName != rootName)
            {
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                    "expecting root element of '" + rootName + "', not '" + (doc.Root?.Name.LocalName ?? "") + "'");
            }
            return doc;
        }

        /// <summary>testParseXMLDocFromFile: an element with a <c>file</c> attribute is replaced by that file's root.</summary>
        private static XElement ResolveFileReference(XElement element, string? file, string rootName)
        {
            var relative = (string?)element.Attribute("file");
            if (relative == null) return element;
            string absolute;
            if (relative.StartsWith("/", StringComparison.Ordinal))
            {
                absolute = relative;
            }
            else
            {
                // g_path_get_dirname(file) + "/" + relative; a NULL file (the built-in XML) gives ".".
                string dir = file == null ? "." : DirName(file);
                absolute = dir + "/" + relative;
            }
            return ParseDocument(absolute, rootName).Root!;
        }

        /// <summary>g_path_get_dirname semantics for '/'-separated paths.</summary>
        private static string DirName(string path)
        {
            int end = path.Length;
            while (end > 1 && path[end - 1] == '/') end--;
            int slash = path.LastIndexOf('/', end - 1);
            if (slash < 0) return ".";
            int dirEnd = slash;
            while (dirEnd > 0 && path[dirEnd - 1] == '/') dirEnd--;
            return dirEnd == 0 ? "/" : path.Substring(0, dirEnd);
        }

        // ------------------------------------------------------------------ node info

        private static NodeInfo ParseNodeInfo(XElement root, NodeInfo defaults)
        {
            uint nodes = (uint)defaults.Nodes, sockets = (uint)defaults.Sockets, cores = (uint)defaults.Cores,
                threads = (uint)defaults.Threads, mhz = (uint)defaults.Mhz;
            ulong memory = defaults.MemoryKiB;
            string model = defaults.Model;

            nodes = NodeUInt(root, "nodes", nodes);
            sockets = NodeUInt(root, "sockets", sockets);
            cores = NodeUInt(root, "cores", cores);
            threads = NodeUInt(root, "threads", threads);
            uint cpus = unchecked(cores * threads * sockets * nodes);
            var active = NodeUIntOrNull(root, "active");
            if (active.HasValue && active.Value < cpus) cpus = active.Value;
            mhz = NodeUInt(root, "mhz", mhz);

            var modelText = FirstValue(Children(root, "cpu"), "model");
            if (!string.IsNullOrEmpty(modelText))
            {
                // virNodeInfo.model is char[32]: at most 31 bytes fit.
                if (Encoding.UTF8.GetByteCount(modelText) > 31)
                    throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "Model " + modelText + " too big for destination");
                model = modelText!;
            }

            var memoryText = FirstValue(new[] { root }, "memory");
            if (!string.IsNullOrEmpty(memoryText))
            {
                if (!LibvirtNumbers.TryParseUnsigned(memoryText!, ulong.MaxValue, out memory))
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "invalid node memory value");
            }

            return new NodeInfo(model, memory, unchecked((int)cpus), unchecked((int)mhz), unchecked((int)nodes),
                unchecked((int)sockets), unchecked((int)cores), unchecked((int)threads));
        }

        private static uint NodeUInt(XElement root, string name, uint fallback) => NodeUIntOrNull(root, name) ?? fallback;

        private static uint? NodeUIntOrNull(XElement root, string name)
        {
            var text = FirstValue(Children(root, "cpu"), name);
            if (string.IsNullOrEmpty(text)) return null;
            if (!LibvirtNumbers.TryParseUnsigned(text!, uint.MaxValue, out var value))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "invalid node cpu " + name + " value");
            return (uint)value;
        }

        // ------------------------------------------------------------------ auth

        private static IReadOnlyList<TestAuthUser> ParseAuthUsers(XElement root)
        {
            var users = new List<TestAuthUser>();
            foreach (var user in Children(root, "auth").SelectMany(a => Children(a, "user")))
            {
                var name = user.Value;
                if (name.Length == 0)
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "missing username in /node/auth/user field");
                users.Add(new TestAuthUser(name, (string?)user.Attribute("password")));
            }
            return users;
        }

        // ------------------------------------------------------------------ domains

        /// <summary>What the parse of one <c>&lt;domain&gt;</c> yields (virDomainDef + testDomainNamespaceDef).</summary>
        internal sealed class DomainDefinition
        {
            public string Name = "";
            public Guid Uuid;
            public ulong MaxMemoryKiB;
            public ulong MemoryKiB;
            public int MaxVCpus;
            public int VCpus;
            public TestLifecycleAction OnPoweroff = TestLifecycleAction.Destroy;
            public TestLifecycleAction OnReboot = TestLifecycleAction.Restart;
            public DomainState RunState = DomainState.Running;
            public bool Transient;
            public bool HasManagedSave;
            public int SnapshotCount;
            public string Xml = "";
        }

        /// <summary>
        /// Parses one domain element with libvirt 9.0's checks, in its order: type attribute present, name, uuid,
        /// type value, os type/arch, memory, currentMemory, vcpu, test namespace; then post-parse checks (vcpu 0,
        /// exe init, memory 0, name with '/').
        /// </summary>
        internal static DomainDefinition ParseDomain(XElement domain)
        {
            var def = new DomainDefinition();

            var type = (string?)domain.Attribute("type");
            if (string.IsNullOrEmpty(type))
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.Domain, "missing domain type attribute");

            var name = FirstValue(new[] { domain }, "name");
            if (string.IsNullOrEmpty(name))
                throw TestDriverErrors.Make(LibvirtErrorCode.NoName, LibvirtErrorDomain.Domain, "missing name information", null);
            def.Name = name!;

            var uuidText = FirstValue(new[] { domain }, "uuid");
            if (string.IsNullOrEmpty(uuidText))
            {
                def.Uuid = Guid.NewGuid(); // virUUIDGenerate: a random (version 4) UUID
            }
            else if (!LibvirtNumbers.TryParseUuid(uuidText!, out def.Uuid))
            {
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.Domain, "malformed uuid element");
            }

            if (!VirtTypes.Contains(type!))
                throw TestDriverErrors.ConfigUnsupported("invalid domain type " + type);

            var osTypeElement = Children(domain, "os").SelectMany(o => Children(o, "type").Take(1)).FirstOrDefault();
            var osType = osTypeElement?.Value;
            if (string.IsNullOrEmpty(osType))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Domain, "an os <type> must be specified");
            if (!OsTypes.Contains(osType!))
                throw TestDriverErrors.ConfigUnsupported("unknown OS type '" + osType + "'");
            var arch = (string?)osTypeElement!.Attribute("arch");
            if (arch != null && !Architectures.Contains(arch))
                throw TestDriverErrors.ConfigUnsupported("Unknown architecture " + arch);

            def.MaxMemoryKiB = ParseMemory(domain, "memory");
            def.MemoryKiB = ParseMemory(domain, "currentMemory");

            ParseVcpus(domain, def);

            def.OnPoweroff = ParseLifecycle(domain, "on_poweroff", TestLifecycleAction.Destroy);
            def.OnReboot = ParseLifecycle(domain, "on_reboot", TestLifecycleAction.Restart);

            ParseTestNamespace(domain, def);

            // post-parse
            if (def.MaxVCpus == 0)
                throw TestDriverErrors.InternalError(LibvirtErrorDomain.Domain, "CPU IDs in <numa> exceed the <vcpu> count");
            if (osType == "exe" && string.IsNullOrEmpty(Children(domain, "os").SelectMany(o => Children(o, "init").Take(1)).FirstOrDefault()?.Value))
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Domain, "init binary must be specified");
            if (def.MaxMemoryKiB == 0)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Domain,
                    "Memory size must be specified via <memory> or in the <numa> configuration");
            if (def.MemoryKiB == 0 || def.MemoryKiB > def.MaxMemoryKiB) def.MemoryKiB = def.MaxMemoryKiB;
            if (def.Name.IndexOf('/') >= 0)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Domain, "name " + def.Name + " cannot contain '/'");

            def.Xml = domain.ToString(SaveOptions.DisableFormatting);
            return def;
        }

        /// <summary>virDomainParseMemory: value (virXPathULongLong), unit (virScaleInteger, default KiB), bytes → KiB rounded up.</summary>
        private static ulong ParseMemory(XElement domain, string element)
        {
            var node = Children(domain, element).FirstOrDefault();
            var text = node?.Value;
            if (string.IsNullOrEmpty(text)) return 0;
            if (!LibvirtNumbers.TryParseUnsigned(text!, ulong.MaxValue, out var value))
            {
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                    "Invalid value '" + text + "' for element or attribute './" + element + "[1]'");
            }
            var unit = (string?)node!.Attribute("unit");
            ulong bytes = LibvirtNumbers.ScaleInteger(value, unit, 1024, MemoryLimitBytes);
            ulong kib = bytes / 1024 + (bytes % 1024 == 0 ? 0UL : 1UL);
            ulong maxKib = MemoryLimitBytes / 1024 + (MemoryLimitBytes % 1024 == 0 ? 0UL : 1UL);
            if (kib >= maxKib)
                throw TestDriverErrors.Overflow(LibvirtErrorDomain.Domain, "size value too large");
            return kib;
        }

        /// <summary>virDomainVcpuParse: <c>&lt;vcpu current='C'&gt;M&lt;/vcpu&gt;</c>, M = 1 when absent.</summary>
        private static void ParseVcpus(XElement domain, DomainDefinition def)
        {
            var vcpu = Children(domain, "vcpu").FirstOrDefault();
            uint max = 1;
            if (vcpu != null)
            {
                // virStrToLong_ui: "-1" would wrap to 4294967295 (libvirt 9.0 then crashes allocating the vCPUs);
                // we refuse counts beyond int.MaxValue with libvirt's parse error instead.
                if (!LibvirtNumbers.TryParseUIntWrapping(vcpu.Value, out max) || max > int.MaxValue)
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Domain, "maximum vcpus count must be an integer");
            }
            uint current = max;
            var currentAttr = (string?)vcpu?.Attribute("current");
            if (currentAttr != null)
            {
                if (!LibvirtNumbers.TryParseUnsigned(currentAttr, uint.MaxValue, out var c))
                {
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Xml,
                        "Invalid value for attribute 'current' in element 'vcpu': '" + currentAttr + "'. Expected non-negative integer value");
                }
                current = (uint)c;
            }
            if (current > max)
                throw TestDriverErrors.ConfigUnsupported("maximum vCPU count must not be less than current vCPU count");
            def.MaxVCpus = (int)max;
            def.VCpus = (int)current;
        }

        private static TestLifecycleAction ParseLifecycle(XElement domain, string element, TestLifecycleAction fallback)
        {
            var text = FirstValue(new[] { domain }, element);
            switch (text)
            {
                case "destroy": return TestLifecycleAction.Destroy;
                case "restart": return TestLifecycleAction.Restart;
                case "preserve": return TestLifecycleAction.Preserve;
                case "rename-restart": return TestLifecycleAction.RenameRestart;
                case "coredump-destroy": return TestLifecycleAction.CoredumpDestroy;
                case "coredump-restart": return TestLifecycleAction.CoredumpRestart;
                default: return fallback; // not validated here (libvirt would reject unknown words)
            }
        }

        /// <summary>testDomainDefNamespaceParse.</summary>
        private static void ParseTestNamespace(XElement domain, DomainDefinition def)
        {
            def.SnapshotCount = domain.Elements(TestNs + "domainsnapshot").Count();
            def.Transient = domain.Elements(TestNs + "transient").Any();
            def.HasManagedSave = domain.Elements(TestNs + "hasmanagedsave").Any();

            var runstate = domain.Elements(TestNs + "runstate").FirstOrDefault()?.Value;
            if (!string.IsNullOrEmpty(runstate))
            {
                if (!LibvirtNumbers.TryParseUnsigned(runstate!, uint.MaxValue, out var value))
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "invalid runstate");
                if (value >= 8) // VIR_DOMAIN_LAST; libvirt formats it with %d (and a stray quote)
                    throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test,
                        "runstate '" + unchecked((int)(uint)value).ToString(CultureInfo.InvariantCulture) + "' out of range'");
                def.RunState = (DomainState)(int)value;
            }

            if (def.Transient && def.RunState == DomainState.Shutoff)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "transient domain cannot have runstate 'shutoff'");
            if (def.HasManagedSave && def.RunState != DomainState.Shutoff)
                throw TestDriverErrors.XmlError(LibvirtErrorDomain.Test, "domain with managedsave data can only have runstate 'shutoff'");
        }

        /// <summary>
        /// virDomainObjListAdd (no live flag) followed by testParseDomains' state set-up. Also used for domains
        /// defined at run time by the hypervisor.
        /// </summary>
        internal static TestDomain AddDomain(TestDriverState state, DomainDefinition def)
        {
            lock (state.SyncRoot)
            {
                var domain = state.FindByUuid(def.Uuid);
                if (domain != null)
                {
                    if (!string.Equals(domain.Name, def.Name, StringComparison.Ordinal))
                    {
                        throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Domain,
                            "domain '" + domain.Name + "' is already defined with uuid " + TestDriverErrors.Uuid(domain.Uuid));
                    }
                    // Same name and uuid: an inactive domain takes the new definition; an active one keeps the
                    // definition it runs with (libvirt stores the new one for the next boot), and its test-namespace data.
                    if (!domain.IsActive) ApplyDefinition(domain, def);
                }
                else
                {
                    var byName = state.FindByName(def.Name);
                    if (byName != null)
                    {
                        throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Domain,
                            "domain '" + def.Name + "' already exists with uuid " + TestDriverErrors.Uuid(byName.Uuid));
                    }
                    domain = new TestDomain(def.Name, def.Uuid);
                    ApplyDefinition(domain, def);
                    state.Add(domain);
                }

                domain.Persistent = !domain.DefinedTransient;
                domain.HasManagedSave = domain.DefinedManagedSave;
                if (domain.DefinedRunState != DomainState.Shutoff)
                {
                    state.Start(domain, 1); // VIR_DOMAIN_RUNNING_BOOTED…
                }
                else
                {
                    state.Shutoff(domain, 0);
                }
                domain.State = domain.DefinedRunState; // …then virDomainObjSetState(obj, runstate, 0)
                domain.StateReason = 0;
                return domain;
            }
        }

        internal static void ApplyDefinition(TestDomain domain, DomainDefinition def)
        {
            domain.Name = def.Name;
            domain.Uuid = def.Uuid;
            domain.MaxMemoryKiB = def.MaxMemoryKiB;
            domain.MemoryKiB = def.MemoryKiB;
            domain.MaxVCpus = def.MaxVCpus;
            domain.VCpus = def.VCpus;
            domain.OnPoweroff = def.OnPoweroff;
            domain.OnReboot = def.OnReboot;
            domain.SnapshotCount = def.SnapshotCount;
            domain.Xml = def.Xml;
            domain.DefinedRunState = def.RunState;
            domain.DefinedTransient = def.Transient;
            domain.DefinedManagedSave = def.HasManagedSave;
        }

        // ------------------------------------------------------------------ XPath-like helpers

        /// <summary>Child elements without a namespace (what libvirt's un-prefixed XPath steps match).</summary>
        private static IEnumerable<XElement> Children(XElement parent, string name) =>
            parent.Elements(XName.Get(name, ""));

        /// <summary>
        /// <c>string(P/name[1])</c>: the text of the first <paramref name="name"/> child of each parent, first in
        /// document order; null when there is none.
        /// </summary>
        private static string? FirstValue(IEnumerable<XElement> parents, string name) =>
            parents.SelectMany(p => Children(p, name).Take(1)).FirstOrDefault()?.Value;
    }

    /// <summary>libvirt's number parsing (virStrToLong_* and virScaleInteger), which the test driver's XML relies on.</summary>
    internal static class LibvirtNumbers
    {
        private static bool IsCSpace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';

        /// <summary>
        /// virStrToLong_uip / _ullp semantics: base 10, leading C white space and a '+' allowed, any '-' refused, no
        /// trailing characters, value ≤ <paramref name="max"/>.
        /// </summary>
        internal static bool TryParseUnsigned(string text, ulong max, out ulong value)
        {
            value = 0;
            if (!TryParseMagnitude(text, out var negative, out var magnitude)) return false;
            if (negative || magnitude > max) return false;
            value = magnitude;
            return true;
        }

        /// <summary>virStrToLong_ui: like strtoul, "-N" wraps modulo 2^32 when N ≤ UINT_MAX.</summary>
        internal static bool TryParseUIntWrapping(string text, out uint value)
        {
            value = 0;
            if (!TryParseMagnitude(text, out var negative, out var magnitude)) return false;
            if (magnitude > uint.MaxValue) return false;
            value = negative ? unchecked((uint)(0UL - magnitude)) : (uint)magnitude;
            return true;
        }

        /// <summary>virStrToLong_i: strtol in base 10 (leading C white space and a sign allowed) that must fit a C int.</summary>
        internal static bool TryParseInt(string text, out int value)
        {
            value = 0;
            if (!TryParseMagnitude(text, out var negative, out var magnitude)) return false;
            if (magnitude > (negative ? 2147483648UL : int.MaxValue)) return false;
            value = negative ? (int)(0L - (long)magnitude) : (int)magnitude;
            return true;
        }

        /// <summary>
        /// virStrToLong_uip in base 0 (virXMLPropUInt): like strtoul, "0x" hex and leading-zero octal too; no '-', no
        /// trailing characters, value ≤ <paramref name="max"/>.
        /// </summary>
        internal static bool TryParseUnsignedAnyBase(string text, ulong max, out ulong value)
        {
            value = 0;
            int i = 0;
            while (i < text.Length && IsCSpace(text[i])) i++;
            if (i < text.Length && text[i] == '-') return false;
            if (i < text.Length && text[i] == '+') i++;
            uint radix = 10;
            if (i + 2 < text.Length && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X') && HexDigit(text[i + 2]) >= 0)
            {
                radix = 16;
                i += 2;
            }
            else if (i < text.Length && text[i] == '0')
            {
                radix = 8;
            }
            int start = i;
            ulong result = 0;
            while (i < text.Length)
            {
                int digit = HexDigit(text[i]);
                if (digit < 0 || (uint)digit >= radix) break;
                if (result > (ulong.MaxValue - (ulong)digit) / radix) return false;
                result = result * radix + (ulong)digit;
                i++;
            }
            if (i == start || i != text.Length || result > max) return false;
            value = result;
            return true;
        }

        private static int HexDigit(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        /// <summary>virStrToLong_i/_ll in base 8 or 10: strtol (leading C white space and a sign allowed), all of the text, within [min, max].</summary>
        internal static bool TryParseSigned(string text, int radix, long min, long max, out long value)
        {
            value = 0;
            int i = 0;
            while (i < text.Length && IsCSpace(text[i])) i++;
            bool negative = false;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                negative = text[i] == '-';
                i++;
            }
            int start = i;
            ulong magnitude = 0;
            while (i < text.Length && text[i] >= '0' && text[i] < '0' + radix)
            {
                ulong digit = (ulong)(text[i] - '0');
                if (magnitude > (ulong.MaxValue - digit) / (ulong)radix) return false;
                magnitude = magnitude * (ulong)radix + digit;
                i++;
            }
            if (i == start || i != text.Length) return false;
            if (negative ? magnitude > 9223372036854775808UL : magnitude > long.MaxValue) return false;
            long result = negative ? unchecked(0L - (long)magnitude) : (long)magnitude;
            if (result < min || result > max) return false;
            value = result;
            return true;
        }

        private static bool TryParseMagnitude(string text, out bool negative, out ulong magnitude)
        {
            negative = false;
            magnitude = 0;
            int i = 0;
            while (i < text.Length && IsCSpace(text[i])) i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                negative = text[i] == '-';
                i++;
            }
            int start = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                ulong digit = (ulong)(text[i] - '0');
                if (magnitude > (ulong.MaxValue - digit) / 10) return false;
                magnitude = magnitude * 10 + digit;
                i++;
            }
            return i > start && i == text.Length;
        }

        /// <summary>
        /// virScaleInteger: the suffix (case-insensitive) is b/byte/bytes, or k/m/g/t/p/e alone or with "iB"
        /// (powers of 1024) or with "B" (powers of 1000); empty or missing means <paramref name="defaultScale"/>.
        /// Errors: <c>invalid argument: unknown suffix 'X'</c>, <c>numerical overflow: value too large: NX</c>.
        /// </summary>
        internal static ulong ScaleInteger(ulong value, string? suffix, ulong defaultScale, ulong limit)
        {
            ulong scale;
            if (string.IsNullOrEmpty(suffix))
            {
                scale = defaultScale;
                suffix = "";
            }
            else if (EqualsIgnoreCase(suffix!, "b") || EqualsIgnoreCase(suffix!, "byte") || EqualsIgnoreCase(suffix!, "bytes"))
            {
                scale = 1;
            }
            else
            {
                ulong @base;
                if (suffix!.Length == 1 || EqualsIgnoreCase(suffix.Substring(1), "iB")) @base = 1024;
                else if (suffix.Length == 2 && char.ToLowerInvariant(suffix[1]) == 'b') @base = 1000;
                else throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.None, "unknown suffix '" + suffix + "'");

                int power;
                switch (char.ToLowerInvariant(suffix[0]))
                {
                    case 'k': power = 1; break;
                    case 'm': power = 2; break;
                    case 'g': power = 3; break;
                    case 't': power = 4; break;
                    case 'p': power = 5; break;
                    case 'e': power = 6; break;
                    default: throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.None, "unknown suffix '" + suffix + "'");
                }
                scale = 1;
                for (int i = 0; i < power; i++) scale *= @base;
            }

            if (value != 0 && value > limit / scale)
            {
                throw TestDriverErrors.Overflow(LibvirtErrorDomain.None,
                    "value too large: " + value.ToString(CultureInfo.InvariantCulture) + suffix);
            }
            return value * scale;
        }

        private static bool EqualsIgnoreCase(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// virUUIDParse: leading white space skipped, 32 hex digits in pairs with '-' or ' ' allowed between pairs,
        /// only white space after.
        /// </summary>
        internal static bool TryParseUuid(string text, out Guid uuid)
        {
            uuid = Guid.Empty;
            var bytes = new byte[16];
            int i = 0;
            while (i < text.Length && IsCSpace(text[i])) i++;
            for (int b = 0; b < 16;)
            {
                if (i >= text.Length) return false;
                char c = text[i];
                if (c == '-' || c == ' ')
                {
                    i++;
                    continue;
                }
                int hi = Hex(c);
                if (hi < 0 || i + 1 >= text.Length) return false;
                int lo = Hex(text[i + 1]);
                if (lo < 0) return false;
                bytes[b++] = (byte)(hi * 16 + lo);
                i += 2;
            }
            for (; i < text.Length; i++)
            {
                if (!IsCSpace(text[i])) return false;
            }
            uuid = LibvirtUuid.FromBytes(bytes);
            return true;
        }

        private static int Hex(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
