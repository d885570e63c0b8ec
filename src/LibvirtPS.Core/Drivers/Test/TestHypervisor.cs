using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// One connection to the embedded test driver (<c>test:///default</c> or <c>test:///path/node.xml</c>), served
    /// in-process as libvirt's own client does. Connections opened through <see cref="TestDriverRegistry"/> to
    /// test:///default share one <see cref="TestDriverState"/>; a node XML file gets its own state per connection.
    /// All members are thread-safe (the state's lock). Results come back as completed tasks; errors as faulted tasks
    /// carrying <see cref="LibvirtException"/> with libvirt 9.0's code, domain and text.
    /// </summary>
    public sealed partial class TestHypervisor : IHypervisor
    {
        // virDomainRunningReason / virDomainPausedReason / virDomainShutoffReason values used by the test driver.
        private const int RunningBooted = 1, RunningUnpaused = 5, PausedUser = 1, ShutoffShutdown = 1, ShutoffDestroyed = 2;

        private const DomainListFlags KnownListFlags = (DomainListFlags)0xFFFF;

        private readonly Action<TestHypervisor>? _onClose;
        private int _closed;

        internal TestHypervisor(TestDriverState state, string uri, bool readOnly, bool isDefault, Action<TestHypervisor>? onClose)
        {
            State = state ?? throw new ArgumentNullException(nameof(state));
            Uri = uri ?? throw new ArgumentNullException(nameof(uri));
            ReadOnly = readOnly;
            IsDefault = isDefault;
            _onClose = onClose;
        }

        /// <summary>
        /// A connection on its own state, outside any registry (for tests and for callers that build a state
        /// themselves); closing it just ends it.
        /// </summary>
        public static TestHypervisor FromState(TestDriverState state, string uri, bool readOnly = false) =>
            new TestHypervisor(state, uri, readOnly, false, null);

        /// <summary>The state this connection works on (shared by every test:///default connection of a registry).</summary>
        public TestDriverState State { get; }

        /// <summary>The URI as virConnectGetURI returns it.</summary>
        public string Uri { get; }

        /// <summary>Opened read-only (VIR_CONNECT_RO): changes are refused with libvirt's "read only access prevents …".</summary>
        public bool ReadOnly { get; }

        /// <summary>True for the shared test:///default node.</summary>
        public bool IsDefault { get; }

        public bool IsAlive => Volatile.Read(ref _closed) == 0;

        /// <summary>Always null: an in-process connection does not die, it is only closed.</summary>
        public Exception? CloseReason => null;

        public event EventHandler<Exception?>? Closed;

        // ------------------------------------------------------------------ IHypervisor

        public Task<HypervisorIdentity> GetIdentityAsync(CancellationToken cancellationToken) =>
            Run("virConnectGetType", cancellationToken, () =>
                new HypervisorIdentity(TestDefaultNode.DriverType, TestDefaultNode.HypervisorVersion, TestDefaultNode.LibVersion,
                    HostName.Get(), Uri));

        public Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken) =>
            Run("virNodeGetInfo", cancellationToken, () => State.NodeInfo);

        public Task<IReadOnlyList<DomainInfo>> ListDomainsAsync(DomainListFlags flags, CancellationToken cancellationToken) =>
            Run("virConnectListAllDomains", cancellationToken, () =>
            {
                if ((flags & ~KnownListFlags) != 0)
                    throw TestDriverErrors.UnsupportedFlags((ulong)(uint)flags, "testConnectListAllDomains");
                lock (State.SyncRoot)
                {
                    IReadOnlyList<DomainInfo> list = State.DomainsUnlocked
                        .Where(d => Matches(d, flags))
                        .Select(d => d.ToInfo(TestDriverState.CpuTimeNow()))
                        .ToList();
                    return list;
                }
            });

        /// <summary>In-process every detail is at hand, so the bulk listing is the full one.</summary>
        public Task<IReadOnlyList<DomainInfo>> ListDomainsBulkAsync(DomainListFlags flags, CancellationToken cancellationToken) =>
            ListDomainsAsync(flags, cancellationToken);

        public Task<IReadOnlyDictionary<Guid, DomainInfo>> GetDomainDetailsAsync(IReadOnlyList<DomainInfo> domains, CancellationToken cancellationToken) =>
            Run("virDomainGetInfo", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var now = TestDriverState.CpuTimeNow();
                    var wanted = new HashSet<Guid>(domains.Select(d => d.Uuid));
                    IReadOnlyDictionary<Guid, DomainInfo> found = State.DomainsUnlocked.Where(d => wanted.Contains(d.Uuid))
                        .ToDictionary(d => d.Uuid, d => d.ToInfo(now));
                    return found;
                }
            });

        public Task<DomainInfo> LookupDomainByNameAsync(string name, CancellationToken cancellationToken) =>
            Run("virDomainLookupByName", cancellationToken, () =>
            {
                if (name == null) throw TestDriverErrors.NullArg("name", "virDomainLookupByName");
                lock (State.SyncRoot)
                {
                    var d = State.FindByName(name) ?? throw TestDriverErrors.NoDomain();
                    return d.ToInfo(TestDriverState.CpuTimeNow());
                }
            });

        public Task<DomainInfo> LookupDomainByIdAsync(int id, CancellationToken cancellationToken) =>
            Run("virDomainLookupByID", cancellationToken, () =>
            {
                if (id < 0) throw TestDriverErrors.NegativeArg("id", "virDomainLookupByID");
                lock (State.SyncRoot)
                {
                    var d = State.FindById(id) ?? throw TestDriverErrors.NoDomain();
                    return d.ToInfo(TestDriverState.CpuTimeNow());
                }
            });

        public Task<DomainInfo> LookupDomainByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
            Run("virDomainLookupByUUID", cancellationToken, () =>
            {
                lock (State.SyncRoot)
                {
                    var d = State.FindByUuid(uuid) ?? throw TestDriverErrors.NoDomain();
                    return d.ToInfo(TestDriverState.CpuTimeNow());
                }
            });

        public Task CloseAsync(CancellationToken cancellationToken)
        {
            Close();
            return Task.CompletedTask;
        }

        public void Dispose() => Close();

        private void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return;
            _onClose?.Invoke(this);
            Closed?.Invoke(this, null);
        }

        // ------------------------------------------------------------------ state changes (not on IHypervisor yet)
        // Each takes the domain as a DomainInfo (libvirt: a virDomainPtr = name + uuid) and acts on the domain with
        // that uuid; if it has gone: "Domain not found: no domain with matching uuid '…' (name)".

        /// <summary>virDomainCreate (testDomainCreateWithFlags): start a shut-off domain with the next id, reason booted.</summary>
        public Task StartDomainAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Change("virDomainCreate", domain, cancellationToken, d =>
            {
                if (d.State != DomainState.Shutoff)
                    throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "Domain '" + domain.Name + "' is already running");
                State.Start(d, RunningBooted);
                State.RaiseDomainEvent(d, LibvirtDomainEventType.Started, 0); // STARTED_BOOTED
            });

        /// <summary>virDomainSuspend: paused (reason user); refused when shut off or already paused.</summary>
        public Task SuspendDomainAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Change("virDomainSuspend", domain, cancellationToken, d =>
            {
                if (d.State == DomainState.Shutoff || d.State == DomainState.Paused)
                    throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "domain '" + domain.Name + "' not running");
                d.State = DomainState.Paused;
                d.StateReason = PausedUser;
                State.RaiseDomainEvent(d, LibvirtDomainEventType.Suspended, 0); // SUSPENDED_PAUSED
            });

        /// <summary>virDomainResume: running (reason unpaused); refused unless paused.</summary>
        public Task ResumeDomainAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Change("virDomainResume", domain, cancellationToken, d =>
            {
                if (d.State != DomainState.Paused)
                    throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "domain '" + domain.Name + "' not paused");
                d.State = DomainState.Running;
                d.StateReason = RunningUnpaused;
                State.RaiseDomainEvent(d, LibvirtDomainEventType.Resumed, 0); // RESUMED_UNPAUSED
            });

        /// <summary>virDomainShutdown: applies on_poweroff (destroy: shut off with reason shutdown; restart: stays running).</summary>
        public Task ShutdownDomainAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Change("virDomainShutdown", domain, cancellationToken, d =>
            {
                if (d.State == DomainState.Shutoff)
                    throw TestDriverErrors.InternalError(LibvirtErrorDomain.Test, "domain '" + domain.Name + "' not running");
                ApplyLifecycle(d, d.OnPoweroff);
            });

        /// <summary>virDomainReboot: applies on_reboot (restart: running, reason booted, same id).</summary>
        public Task RebootDomainAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Change("virDomainReboot", domain, cancellationToken, d =>
            {
                if (!d.IsActive) throw TestDriverErrors.NotActive();
                ApplyLifecycle(d, d.OnReboot);
            });

        /// <summary>virDomainDestroy: shut off (reason destroyed); a transient domain disappears.</summary>
        public Task DestroyDomainAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Change("virDomainDestroy", domain, cancellationToken, d =>
            {
                if (!d.IsActive) throw TestDriverErrors.NotActive();
                int? id = d.Id;
                State.Shutoff(d, ShutoffDestroyed);
                State.RaiseStoppedEvent(d, id, 1); // STOPPED_DESTROYED
            });

        /// <summary>virDomainSetAutostart (the test driver accepts it for transient domains too).</summary>
        public Task SetDomainAutostartAsync(DomainInfo domain, bool autostart, CancellationToken cancellationToken) =>
            Change("virDomainSetAutostart", domain, cancellationToken, d => d.Autostart = autostart);

        /// <summary>The domain's definition text (see <see cref="TestDomain.Xml"/>).</summary>
        public Task<string> GetDomainXmlAsync(DomainInfo domain, CancellationToken cancellationToken) =>
            Run("virDomainGetXMLDesc", cancellationToken, () =>
            {
                lock (State.SyncRoot) return Find(domain).Xml;
            });

        // ------------------------------------------------------------------ IHypervisor lifecycle (by UUID)
        // The domain is looked up by UUID ("Domain not found" when there is none), then the operation above runs.

        /// <summary>testDomainCreateWithFlags accepts no flags: START_PAUSED is refused with "unsupported flags (0x1)".</summary>
        public Task StartDomainAsync(Guid uuid, bool paused, CancellationToken cancellationToken) =>
            paused
                ? Run<bool>("virDomainCreateWithFlags", cancellationToken, () => throw TestDriverErrors.UnsupportedFlags(1, "testDomainCreateWithFlags"))
                : ByUuid(uuid, cancellationToken, d => StartDomainAsync(d, cancellationToken));

        public Task ShutdownDomainAsync(Guid uuid, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => ShutdownDomainAsync(d, cancellationToken));

        public Task DestroyDomainAsync(Guid uuid, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => DestroyDomainAsync(d, cancellationToken));

        public Task RebootDomainAsync(Guid uuid, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => RebootDomainAsync(d, cancellationToken));

        public Task SuspendDomainAsync(Guid uuid, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => SuspendDomainAsync(d, cancellationToken));

        public Task ResumeDomainAsync(Guid uuid, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => ResumeDomainAsync(d, cancellationToken));

        /// <summary>The test driver keeps one definition: INACTIVE and SECURE return the same text.</summary>
        public Task<string> GetDomainXmlAsync(Guid uuid, bool inactive, bool secure, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => Run("virDomainGetXMLDesc", cancellationToken, () =>
            {
                if (secure && ReadOnly) throw ReadOnlySecureXml();
                return DomainXmlFor(d, inactive); // TestHypervisor.Settings.cs: INACTIVE gives the next-boot definition
            }));

        // ------------------------------------------------------------------ definition

        /// <summary>
        /// testDomainDefineXMLFlags: parse (libvirt's checks and texts), virDomainObjListAdd (a uuid defined under
        /// another name, or a name taken by another uuid, is refused); a new domain is shut off, an inactive one
        /// takes the new definition, an active one keeps running with its own (the new one is for the next boot).
        /// </summary>
        public Task<DomainInfo> DefineDomainAsync(string xml, CancellationToken cancellationToken) =>
            Run("virDomainDefineXML", cancellationToken, () =>
            {
                if (xml == null) throw TestDriverErrors.NullArg("xml", "virDomainDefineXML");
                if (ReadOnly) throw TestDriverErrors.ReadOnly("virDomainDefineXML");
                var def = TestNodeXmlLoader.ParseDomainText(xml);
                lock (State.SyncRoot)
                {
                    var d = FindForAdd(def);
                    bool added = d == null;
                    if (d == null)
                    {
                        d = new TestDomain(def.Name, def.Uuid);
                        TestNodeXmlLoader.ApplyDefinition(d, def);
                        d.DefinedRunState = DomainState.Shutoff;
                        d.DefinedTransient = false;
                        d.State = DomainState.Shutoff;
                        d.StateReason = 0;
                        State.Add(d);
                    }
                    else if (!d.IsActive)
                    {
                        TestNodeXmlLoader.ApplyDefinition(d, def);
                    }
                    else
                    {
                        DefineNextBoot(d, def); // TestHypervisor.Settings.cs: libvirt's newDef, in force from the next boot
                    }
                    d.Persistent = true;
                    State.ClearStartedTransient(d);
                    State.RaiseDomainEvent(d, LibvirtDomainEventType.Defined, added ? 0 : 1); // DEFINED_ADDED / DEFINED_UPDATED
                    return d.ToInfo(TestDriverState.CpuTimeNow());
                }
            });

        /// <summary>
        /// testDomainCreateXML: accepts no flags but VALIDATE (START_PAUSED: "unsupported flags (0x1)"); an active
        /// domain of that name/uuid is refused ("domain '…' is already active"); a new domain is transient.
        /// </summary>
        public Task<DomainInfo> CreateDomainAsync(string xml, bool paused, CancellationToken cancellationToken) =>
            Run("virDomainCreateXML", cancellationToken, () =>
            {
                if (xml == null) throw TestDriverErrors.NullArg("xmlDesc", "virDomainCreateXML");
                if (ReadOnly) throw TestDriverErrors.ReadOnly("virDomainCreateXML");
                if (paused) throw TestDriverErrors.UnsupportedFlags(1, "testDomainCreateXML");
                var def = TestNodeXmlLoader.ParseDomainText(xml);
                lock (State.SyncRoot)
                {
                    var d = FindForAdd(def);
                    if (d != null && d.IsActive)
                        throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain,
                            "Requested operation is not valid: domain '" + d.Name + "' is already active", "domain '" + d.Name + "' is already active");
                    if (d == null)
                    {
                        d = new TestDomain(def.Name, def.Uuid);
                        TestNodeXmlLoader.ApplyDefinition(d, def);
                        d.Persistent = false;
                        State.Add(d);
                    }
                    else
                    {
                        TestNodeXmlLoader.ApplyDefinition(d, def);
                    }
                    State.Start(d, RunningBooted);
                    if (!d.Persistent) State.MarkStartedTransient(d);
                    State.RaiseDomainEvent(d, LibvirtDomainEventType.Started, 0); // STARTED_BOOTED
                    return d.ToInfo(TestDriverState.CpuTimeNow());
                }
            });

        /// <summary>
        /// testDomainUndefineFlags with no flags: refused for a transient domain, with managed save or (inactive)
        /// with snapshots; an active domain becomes transient, an inactive one is removed.
        /// </summary>
        public Task UndefineDomainAsync(Guid uuid, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, info => Change("virDomainUndefine", info, cancellationToken, d =>
            {
                if (!d.Persistent)
                    throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Domain,
                        "Requested operation is not valid: cannot undefine transient domain", "cannot undefine transient domain");
                if (d.HasManagedSave)
                    throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test,
                        "Requested operation is not valid: Refusing to undefine while domain managed save image exists",
                        "Refusing to undefine while domain managed save image exists");
                if (!d.IsActive && d.SnapshotCount > 0)
                {
                    var detail = "cannot delete inactive domain with " + d.SnapshotCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " snapshots";
                    throw TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test, "Requested operation is not valid: " + detail, detail);
                }
                if (d.IsActive) d.Persistent = false;
                else State.Remove(d);
                State.RaiseDomainEvent(d, LibvirtDomainEventType.Undefined, 0); // UNDEFINED_REMOVED
            }));

        public Task SetDomainAutostartAsync(Guid uuid, bool autostart, CancellationToken cancellationToken) =>
            ByUuid(uuid, cancellationToken, d => SetDomainAutostartAsync(d, autostart, cancellationToken));

        /// <summary>virDomainObjListAdd's checks: the domain with the definition's uuid (same name), else null.</summary>
        private TestDomain? FindForAdd(TestNodeXmlLoader.DomainDefinition def)
        {
            var d = State.FindByUuid(def.Uuid);
            if (d != null)
            {
                if (!string.Equals(d.Name, def.Name, StringComparison.Ordinal))
                    throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Domain,
                        "domain '" + d.Name + "' is already defined with uuid " + TestDriverErrors.Uuid(d.Uuid));
                return d;
            }
            var byName = State.FindByName(def.Name);
            if (byName != null)
                throw TestDriverErrors.OperationFailed(LibvirtErrorDomain.Domain,
                    "domain '" + def.Name + "' already exists with uuid " + TestDriverErrors.Uuid(byName.Uuid));
            return null;
        }

        private Task ByUuid(Guid uuid, CancellationToken cancellationToken, Func<DomainInfo, Task> then)
        {
            var lookup = LookupDomainByUuidAsync(uuid, cancellationToken); // completed: the test driver runs in-process
            return lookup.Status == TaskStatus.RanToCompletion ? then(lookup.Result) : lookup;
        }

        private Task<string> ByUuid(Guid uuid, CancellationToken cancellationToken, Func<DomainInfo, Task<string>> then)
        {
            var lookup = LookupDomainByUuidAsync(uuid, cancellationToken);
            if (lookup.Status == TaskStatus.RanToCompletion) return then(lookup.Result);
            if (lookup.IsCanceled) return Task.FromCanceled<string>(cancellationToken);
            return Task.FromException<string>(lookup.Exception!.InnerException!);
        }

        // ------------------------------------------------------------------ helpers

        private void ApplyLifecycle(TestDomain d, TestLifecycleAction action)
        {
            // testDomainActionSetState: restart / rename-restart keep it running (reason booted, same id);
            // anything else shuts it off with reason shutdown.
            if (action == TestLifecycleAction.Restart || action == TestLifecycleAction.RenameRestart)
            {
                d.State = DomainState.Running;
                d.StateReason = RunningBooted;
            }
            else
            {
                int? id = d.Id;
                State.Shutoff(d, ShutoffShutdown);
                State.RaiseStoppedEvent(d, id, 0); // STOPPED_SHUTDOWN (restart: no event, as 9.0)
            }
        }

        private TestDomain Find(DomainInfo domain)
        {
            if (domain == null) throw new ArgumentNullException(nameof(domain));
            return State.FindByUuid(domain.Uuid) ?? throw TestDriverErrors.NoDomainMatchingUuid(domain.Uuid, domain.Name);
        }

        private Task Change(string function, DomainInfo domain, CancellationToken cancellationToken, Action<TestDomain> change) =>
            Run(function, cancellationToken, () =>
            {
                if (ReadOnly) throw TestDriverErrors.ReadOnly(function);
                lock (State.SyncRoot) change(Find(domain));
                return true;
            });

        private Task<T> Run<T>(string function, CancellationToken cancellationToken, Func<T> body)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
            try
            {
                if (!IsAlive) throw TestDriverErrors.InvalidConnection(function);
                return Task.FromResult(body());
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }

        /// <summary>virDomainObjListFilter for the flags of virConnectListAllDomains.</summary>
        internal static bool Matches(TestDomain d, DomainListFlags flags)
        {
            bool Group(DomainListFlags yes, DomainListFlags no, bool value) =>
                (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);

            if (!Group(DomainListFlags.Active, DomainListFlags.Inactive, d.IsActive)) return false;
            if (!Group(DomainListFlags.Persistent, DomainListFlags.Transient, d.Persistent)) return false;

            const DomainListFlags stateFlags = DomainListFlags.Running | DomainListFlags.Paused | DomainListFlags.Shutoff | DomainListFlags.Other;
            if ((flags & stateFlags) != 0)
            {
                var st = d.State;
                bool ok = ((flags & DomainListFlags.Running) != 0 && st == DomainState.Running) ||
                          ((flags & DomainListFlags.Paused) != 0 && st == DomainState.Paused) ||
                          ((flags & DomainListFlags.Shutoff) != 0 && st == DomainState.Shutoff) ||
                          ((flags & DomainListFlags.Other) != 0 &&
                           st != DomainState.Running && st != DomainState.Paused && st != DomainState.Shutoff);
                if (!ok) return false;
            }

            if (!Group(DomainListFlags.ManagedSave, DomainListFlags.NoManagedSave, d.HasManagedSave)) return false;
            if (!Group(DomainListFlags.Autostart, DomainListFlags.NoAutostart, d.Autostart)) return false;
            if (!Group(DomainListFlags.HasSnapshot, DomainListFlags.NoSnapshot, d.SnapshotCount > 0)) return false;
            // Checkpoints are not modelled: no test domain has one.
            if (!Group(DomainListFlags.HasCheckpoint, DomainListFlags.NoCheckpoint, false)) return false;
            return true;
        }

        /// <summary>
        /// virGetHostname (testConnectGetHostname): gethostname(); returned as is when it starts with "localhost" or
        /// contains a dot, else canonicalized with getaddrinfo(AI_CANONNAME) unless that fails or yields localhost*.
        /// </summary>
        internal static class HostName
        {
            internal static string Get()
            {
                string host = Dns.GetHostName();
                if (host.StartsWith("localhost", StringComparison.Ordinal) || host.IndexOf('.') >= 0) return host;
                try
                {
                    var canonical = Dns.GetHostEntry(host).HostName;
                    if (string.IsNullOrEmpty(canonical) || canonical.StartsWith("localhost", StringComparison.Ordinal)) return host;
                    return canonical;
                }
                catch (Exception e) when (e is SocketException || e is ArgumentException)
                {
                    return host;
                }
            }
        }
    }
}
