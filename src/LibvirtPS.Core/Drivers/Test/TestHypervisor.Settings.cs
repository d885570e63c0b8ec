using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    // Memory/vCPU settings, save/restore, managed save, undefine flags and host facts, as libvirt 9.0's test driver
    // (testDomainSetMemoryFlags, testDomainSetVcpusFlags, testDomainSaveFlags, testDomainRestoreFlags, ...) together
    // with the argument checks of libvirt-domain.c that run first on a daemon.
    public sealed partial class TestHypervisor
    {
        private const int ShutoffSaved = 5, RunningRestored = 3;
        private const uint UndefineSupported = (uint)(DomainUndefineFlags.ManagedSave | DomainUndefineFlags.SnapshotsMetadata);
        private const uint ManagedSaveSupported = (uint)(DomainSaveFlags.BypassCache | DomainSaveFlags.Running | DomainSaveFlags.Paused);

        /// <summary>testConnectGetMaxVcpus: the test driver's limit for any domain.</summary>
        internal const int MaxVcpusPerDomain = 32;

        /// <summary>TEST_SAVE_MAGIC with its NUL: the first 15 bytes of a test driver save image.</summary>
        private static readonly byte[] SaveMagic = Encoding.ASCII.GetBytes("TestGuestMagic\0");

        // ------------------------------------------------------------------ memory

        public Task SetDomainMemoryAsync(Guid uuid, ulong kib, DomainModificationImpact? impact, CancellationToken cancellationToken)
        {
            var function = impact == null ? "virDomainSetMemory" : "virDomainSetMemoryFlags";
            return SetMemory(function, uuid, kib, impact ?? DomainModificationImpact.Live, false, cancellationToken);
        }

        public Task SetDomainMaxMemoryAsync(Guid uuid, ulong kib, DomainModificationImpact? impact, CancellationToken cancellationToken)
        {
            // testDomainSetMaxMemory = testDomainSetMemoryFlags(MEM_MAXIMUM): the current definition
            var function = impact == null ? "virDomainSetMaxMemory" : "virDomainSetMemoryFlags";
            return SetMemory(function, uuid, kib, impact ?? DomainModificationImpact.Current, true, cancellationToken);
        }

        private Task SetMemory(string function, Guid uuid, ulong kib, DomainModificationImpact impact, bool maximum, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, info => Run(function, cancellationToken, () =>
            {
                if (ReadOnly) throw TestDriverErrors.ReadOnly(function);
                if (kib == 0) throw ApiInvalidArg("memory in " + function + " must not be zero");
                if (kib > ulong.MaxValue / 1024)
                    throw TestDriverErrors.Make(LibvirtErrorCode.Overflow, LibvirtErrorDomain.Domain,
                        "numerical overflow: input too large: " + kib.ToString(CultureInfo.InvariantCulture), "input too large: " + kib.ToString(CultureInfo.InvariantCulture));
                if ((impact & DomainModificationImpact.Live) != 0 && (impact & DomainModificationImpact.Config) != 0)
                    throw ApiInvalidArg("Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
                lock (State.SyncRoot)
                {
                    var d = Find(info);
                    var (live, _) = Reach(d, impact);
                    var def = live ? TestDomainSettings.From(d) : PersistentSettings(d);
                    if (maximum)
                    {
                        if (live)
                            throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test,
                                "Requested operation is not valid: cannot resize the maximum memory on an active domain", "cannot resize the maximum memory on an active domain");
                        def.MaxMemoryKiB = kib;
                        if (def.MemoryKiB > kib) def.MemoryKiB = kib;
                    }
                    else
                    {
                        if (kib > def.MaxMemoryKiB)
                            throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.Test, "cannot set memory higher than max memory");
                        def.MemoryKiB = kib;
                    }
                    Store(d, def, live);
                }
                return true;
            }));

        // ------------------------------------------------------------------ vCPUs

        public Task SetDomainVcpusAsync(Guid uuid, uint count, DomainModificationImpact? impact, bool maximum, CancellationToken cancellationToken)
        {
            // testDomainSetVcpus = testDomainSetVcpusFlags(AFFECT_LIVE)
            var function = impact == null && !maximum ? "virDomainSetVcpus" : "virDomainSetVcpusFlags";
            var flags = impact ?? (maximum ? DomainModificationImpact.Current : DomainModificationImpact.Live);
            return ByUuid(uuid, cancellationToken, info => Run(function, cancellationToken, () =>
            {
                if (ReadOnly) throw TestDriverErrors.ReadOnly(function);
                if (count == 0) throw ApiInvalidArg("nvcpus in " + function + " must not be zero");
                if (maximum && (flags & DomainModificationImpact.Config) == 0)
                    throw ApiInvalidArg("Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
                if (count > MaxVcpusPerDomain)
                    throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.Test,
                        "requested cpu amount exceeds maximum supported amount (" + Num(count) + " > " + Num(MaxVcpusPerDomain) + ")");
                lock (State.SyncRoot)
                {
                    var d = Find(info);
                    var (live, config) = Reach(d, flags);
                    var liveDef = live ? TestDomainSettings.From(d) : null;
                    var persistentDef = config ? PersistentSettings(d) : null;
                    if (liveDef != null && liveDef.MaxVCpus < count) throw VcpusAboveMaximum(count, liveDef.MaxVCpus);
                    if (persistentDef != null && !maximum && persistentDef.MaxVCpus < count) throw VcpusAboveMaximum(count, persistentDef.MaxVCpus);
                    if (liveDef != null)
                    {
                        liveDef.VCpus = (int)count;
                        Store(d, liveDef, true);
                    }
                    if (persistentDef != null)
                    {
                        if (maximum)
                        {
                            persistentDef.MaxVCpus = (int)count;
                            if (persistentDef.VCpus > (int)count) persistentDef.VCpus = (int)count;
                        }
                        else
                        {
                            persistentDef.VCpus = (int)count;
                        }
                        Store(d, persistentDef, false);
                    }
                }
                return true;
            }));
        }

        public Task<int> GetDomainVcpusAsync(Guid uuid, DomainModificationImpact impact, bool maximum, CancellationToken cancellationToken)
        {
            var lookup = LookupDomainByUuidAsync(uuid, cancellationToken);
            if (lookup.Status != TaskStatus.RanToCompletion) return lookup.ContinueWith(t => t.GetAwaiter().GetResult().VCpus, TaskScheduler.Default);
            var info = lookup.Result;
            return Run("virDomainGetVcpusFlags", cancellationToken, () =>
            {
                if ((impact & DomainModificationImpact.Live) != 0 && (impact & DomainModificationImpact.Config) != 0)
                    throw ApiInvalidArg("Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
                lock (State.SyncRoot)
                {
                    var d = Find(info);
                    var (live, _) = Reach(d, impact);
                    var def = live ? TestDomainSettings.From(d) : PersistentSettings(d);
                    return maximum ? def.MaxVCpus : def.VCpus;
                }
            });
        }

        /// <summary>virDomainObjUpdateModificationImpact: CURRENT is LIVE when active, else CONFIG; then the checks.</summary>
        private static (bool live, bool config) Reach(TestDomain d, DomainModificationImpact impact)
        {
            bool live = (impact & DomainModificationImpact.Live) != 0, config = (impact & DomainModificationImpact.Config) != 0;
            if (!live && !config)
            {
                if (d.IsActive) live = true;
                else config = true;
            }
            if (live && !d.IsActive) throw TestDriverErrors.NotActive();
            if (config && !d.Persistent)
                throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain,
                    "Requested operation is not valid: transient domains do not have any persistent config", "transient domains do not have any persistent config");
            return (live, config);
        }

        /// <summary>virDomainDefineXML on an active domain: the definition becomes the persistent one (memory, vCPUs, XML) for the next boot.</summary>
        private void DefineNextBoot(TestDomain d, TestNodeXmlLoader.DomainDefinition def) =>
            State.SetNextBootSettings(d, new TestDomainSettings
            {
                MaxMemoryKiB = def.MaxMemoryKiB, MemoryKiB = def.MemoryKiB, VCpus = def.VCpus, MaxVCpus = def.MaxVCpus, Xml = def.Xml,
            });

        /// <summary>The persistent definition: the domain's own when inactive, else the next-boot copy.</summary>
        private TestDomainSettings PersistentSettings(TestDomain d) =>
            d.IsActive ? State.NextBootSettings(d) : TestDomainSettings.From(d);

        private void Store(TestDomain d, TestDomainSettings def, bool live)
        {
            def.UpdateXml();
            if (live || !d.IsActive) def.ApplyTo(d);
            else State.SetNextBootSettings(d, def);
        }

        private static LibvirtException VcpusAboveMaximum(uint count, int max) =>
            TestDriverErrors.InvalidArg(LibvirtErrorDomain.Test, "requested cpu amount exceeds maximum (" + Num(count) + " > " + Num(max) + ")");

        /// <summary>libvirt-domain.c's argument checks: INVALID_ARG from the domain layer, text without a prefix.</summary>
        private static LibvirtException ApiInvalidArg(string message) =>
            TestDriverErrors.Make(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Domain, message, null);

        private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The XML for virDomainGetXMLDesc: with INACTIVE, the persistent definition (of a running domain: the next-boot
        /// one); else the live one, whose root carries the domain's id while it is active, as virDomainDefFormat writes it.
        /// </summary>
        internal string DomainXmlFor(DomainInfo info, bool inactive)
        {
            lock (State.SyncRoot)
            {
                var d = Find(info);
                if (inactive) return State.NextBootXml(d) ?? WithoutId(d.Xml);
                return LiveXml(d);
            }
        }

        private static readonly System.Text.RegularExpressions.Regex RootTag =
            new System.Text.RegularExpressions.Regex(@"^(\s*(?:<\?[^>]*\?>\s*)?<domain\b)([^>]*?)(/?>)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static readonly System.Text.RegularExpressions.Regex IdAttribute =
            new System.Text.RegularExpressions.Regex(@"\s+id\s*=\s*(?:'[^']*'|""[^""]*"")", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static string LiveXml(TestDomain d)
        {
            if (!d.IsActive || d.Id == null) return WithoutId(d.Xml);
            return RootTag.Replace(d.Xml, m => m.Groups[1].Value + IdAttribute.Replace(m.Groups[2].Value, "") + " id='" + Num(d.Id.Value) + "'" + m.Groups[3].Value, 1);
        }

        private static string WithoutId(string xml) =>
            RootTag.Replace(xml, m => m.Groups[1].Value + IdAttribute.Replace(m.Groups[2].Value, "") + m.Groups[3].Value, 1);

        /// <summary>virDomainGetXMLDesc refuses SECURE on a read-only connection (libvirt-domain.c).</summary>
        private static LibvirtException ReadOnlySecureXml() =>
            TestDriverErrors.Make(LibvirtErrorCode.OperationDenied, LibvirtErrorDomain.Domain,
                "operation forbidden: virDomainGetXMLDesc with secure flag", "virDomainGetXMLDesc with secure flag");

        // ------------------------------------------------------------------ save / restore

        public Task SaveDomainAsync(Guid uuid, string path, DomainSaveFlags flags, CancellationToken cancellationToken)
        {
            var function = flags == DomainSaveFlags.None ? "virDomainSave" : "virDomainSaveFlags";
            return ByUuid(uuid, cancellationToken, info => Change(function, info, cancellationToken, d =>
            {
                if (path == null) throw TestDriverErrors.NullArg("to", function);
                if (flags != DomainSaveFlags.None) throw TestDriverErrors.UnsupportedFlags((uint)flags, "testDomainSaveFlags");
                if (!d.IsActive) throw TestDriverErrors.NotActive();
                WriteSaveImage(d, path);
                State.Shutoff(d, ShutoffSaved);
            }));
        }

        public Task RestoreDomainAsync(string path, DomainSaveFlags flags, CancellationToken cancellationToken)
        {
            var function = flags == DomainSaveFlags.None ? "virDomainRestore" : "virDomainRestoreFlags";
            return Run(function, cancellationToken, () =>
            {
                if (path == null) throw TestDriverErrors.NullArg("from", function);
                if (ReadOnly) throw TestDriverErrors.ReadOnly(function);
                if (flags != DomainSaveFlags.None) throw TestDriverErrors.UnsupportedFlags((uint)flags, "testDomainRestoreFlags");
                var text = ReadSaveImage(path);
                var def = TestNodeXmlLoader.ParseDomainText(text);
                // the image holds libvirt's formatting of the live definition: keep that text (without the old id)
                def.Xml = WithoutId(text);
                lock (State.SyncRoot)
                {
                    // virDomainObjListAdd(LIVE | CHECK_LIVE): the file's definition becomes the live one
                    var d = FindForAdd(def);
                    if (d != null && d.IsActive)
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain,
                            "Requested operation is not valid: domain '" + d.Name + "' is already active", "domain '" + d.Name + "' is already active");
                    TestDomainSettings? persistent = null;
                    if (d == null)
                    {
                        d = new TestDomain(def.Name, def.Uuid) { Persistent = false };
                        TestNodeXmlLoader.ApplyDefinition(d, def);
                        State.Add(d);
                    }
                    else
                    {
                        persistent = d.Persistent ? TestDomainSettings.From(d) : null;
                        TestNodeXmlLoader.ApplyDefinition(d, def);
                    }
                    State.Start(d, RunningRestored);
                    if (persistent != null) State.SetNextBootSettings(d, persistent);
                }
                return true;
            });
        }

        public Task<string> GetSaveImageXmlAsync(string path, CancellationToken cancellationToken) =>
            Run("virDomainSaveImageGetXMLDesc", cancellationToken, () =>
            {
                if (path == null) throw TestDriverErrors.NullArg("file", "virDomainSaveImageGetXMLDesc");
                var xml = ReadSaveImage(path);
                TestNodeXmlLoader.ParseDomainText(xml); // the same checks as the driver's parse
                return xml;
            });

        public Task ManagedSaveDomainAsync(Guid uuid, DomainSaveFlags flags, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, info => Change("virDomainManagedSave", info, cancellationToken, d =>
            {
                if (((uint)flags & ~ManagedSaveSupported) != 0)
                    throw TestDriverErrors.UnsupportedFlags((uint)flags & ~ManagedSaveSupported, "testDomainManagedSave");
                if (!d.IsActive) throw TestDriverErrors.NotActive();
                if (!d.Persistent)
                    throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test,
                        "Requested operation is not valid: cannot do managed save for transient domain", "cannot do managed save for transient domain");
                State.Shutoff(d, ShutoffSaved);
                d.HasManagedSave = true;
            }));

        public Task<bool> HasManagedSaveImageAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var lookup = LookupDomainByUuidAsync(uuid, cancellationToken);
            if (lookup.Status != TaskStatus.RanToCompletion) return lookup.ContinueWith(t => t.GetAwaiter().GetResult().Persistent, TaskScheduler.Default);
            var info = lookup.Result;
            return Run("virDomainHasManagedSaveImage", cancellationToken, () =>
            {
                lock (State.SyncRoot) return Find(info).HasManagedSave;
            });
        }

        /// <summary>testDomainSaveImageWrite: magic, the XML's length (native int), the XML; mode 0600 where the platform allows.</summary>
        private static void WriteSaveImage(TestDomain d, string path)
        {
            var xml = Encoding.UTF8.GetBytes(LiveXml(d)); // virDomainDefFormat of the live definition, with its id
            FileStream file;
            try
            {
                file = OwnerOnlyFile.Create(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw SystemError("saving domain '" + d.Name + "' to '" + path + "': open failed", e);
            }
            using (file)
            {
                try
                {
                    file.Write(SaveMagic, 0, SaveMagic.Length);
                    file.Write(BitConverter.GetBytes(xml.Length), 0, 4);
                    file.Write(xml, 0, xml.Length);
                }
                catch (IOException e)
                {
                    throw SystemError("saving domain '" + d.Name + "' to '" + path + "': write failed", e);
                }
            }
        }

        /// <summary>testDomainSaveImageOpen: the XML of a save image, with the driver's checks and texts.</summary>
        private static string ReadSaveImage(string path)
        {
            byte[] data;
            try
            {
                data = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw SystemError("cannot read domain image '" + path + "'", e);
            }
            // a short read leaves errno untouched: libvirt then appends whatever it held ("Success" when 0)
            if (data.Length < SaveMagic.Length) throw SystemError("incomplete save header in '" + path + "'", null);
            for (int i = 0; i < SaveMagic.Length; i++)
                if (data[i] != SaveMagic[i]) throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "mismatched header magic");
            if (data.Length < SaveMagic.Length + 4) throw SystemError("failed to read metadata length in '" + path + "'", null);
            int len = BitConverter.ToInt32(data, SaveMagic.Length);
            if (len < 1 || len > 8192) throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "length of metadata out of range");
            if (data.Length < SaveMagic.Length + 4 + len) throw SystemError("incomplete metadata in '" + path + "'", null);
            var xml = Encoding.UTF8.GetString(data, SaveMagic.Length + 4, len);
            int nul = xml.IndexOf('\0');
            return nul >= 0 ? xml.Substring(0, nul) : xml;
        }

        /// <summary>virReportSystemError: "text: strerror(errno)", VIR_ERR_SYSTEM_ERROR from the test driver.</summary>
        private static LibvirtException SystemError(string text, Exception? cause)
        {
            string reason = cause switch
            {
                null => "Success",
                FileNotFoundException _ => "No such file or directory",
                DirectoryNotFoundException _ => "No such file or directory",
                UnauthorizedAccessException _ => "Permission denied",
                PathTooLongException _ => "File name too long",
                _ => cause.Message,
            };
            var message = text + ": " + reason;
            return TestDriverErrors.Make(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Test, message, message);
        }

        // ------------------------------------------------------------------ undefine with flags

        /// <summary>testDomainUndefineFlags: MANAGED_SAVE and SNAPSHOTS_METADATA are supported; others are refused.</summary>
        public Task UndefineDomainFlagsAsync(Guid uuid, DomainUndefineFlags flags, CancellationToken cancellationToken)
        {
            if (flags == DomainUndefineFlags.None) return UndefineDomainAsync(uuid, cancellationToken);
            return ByUuid(uuid, cancellationToken, info => Change("virDomainUndefineFlags", info, cancellationToken, d =>
            {
                if (((uint)flags & ~UndefineSupported) != 0)
                    throw TestDriverErrors.UnsupportedFlags((uint)flags & ~UndefineSupported, "testDomainUndefineFlags");
                if (!d.Persistent)
                    throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain,
                        "Requested operation is not valid: cannot undefine transient domain", "cannot undefine transient domain");
                if (d.HasManagedSave)
                {
                    if ((flags & DomainUndefineFlags.ManagedSave) == 0)
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test,
                            "Requested operation is not valid: Refusing to undefine while domain managed save image exists",
                            "Refusing to undefine while domain managed save image exists");
                    d.HasManagedSave = false;
                }
                if (d.SnapshotCount > 0)
                {
                    if ((flags & DomainUndefineFlags.SnapshotsMetadata) == 0 && !d.IsActive)
                    {
                        var detail = "cannot delete inactive domain with " + Num(d.SnapshotCount) + " snapshots";
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test, "Requested operation is not valid: " + detail, detail);
                    }
                    if ((flags & DomainUndefineFlags.SnapshotsMetadata) != 0) d.SnapshotCount = 0;
                }
                if (d.IsActive) d.Persistent = false;
                else State.Remove(d);
            }));
        }

        // ------------------------------------------------------------------ host

        /// <summary>
        /// testNodeGetFreeMemory sums the NUMA cells' free memory: test:///default has two cells; a node XML file has none,
        /// so the sum is 0, which virNodeGetFreeMemory reports as a failure without a cause.
        /// </summary>
        public Task<ulong> GetNodeFreeMemoryAsync(CancellationToken cancellationToken) =>
            Run("virNodeGetFreeMemory", cancellationToken, () =>
            {
                if (State.SourceFile != null)
                    throw TestDriverErrors.Make(LibvirtErrorCode.InternalError, LibvirtErrorDomain.None, "An error occurred, but the cause is unknown", null);
                return TestHostCapabilities.FreeMemoryBytes;
            });

        public Task<string> GetHostCapabilitiesXmlAsync(CancellationToken cancellationToken) =>
            Run("virConnectGetCapabilities", cancellationToken, () => State.SourceFile == null ? TestHostCapabilities.Xml : TestHostCapabilities.NodeFileXml);
    }
}
