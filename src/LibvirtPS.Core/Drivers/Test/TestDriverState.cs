using System;
using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>A user of a node XML's <c>&lt;auth&gt;&lt;user&gt;</c> list (testConnectAuthenticate).</summary>
    public sealed class TestAuthUser
    {
        public TestAuthUser(string userName, string? password)
        {
            UserName = userName;
            Password = password;
        }

        public string UserName { get; }

        /// <summary>Null: the user needs no password.</summary>
        public string? Password { get; }
    }

    /// <summary>
    /// The in-memory state of one test "node" (libvirt's <c>testDriver</c>): node info, domains in definition order,
    /// the next domain id and the node XML's auth users. Every member takes <see cref="SyncRoot"/>; callers that
    /// need several steps to be atomic take it themselves (the lock is re-entrant).
    /// </summary>
    public sealed partial class TestDriverState
    {
        private readonly List<TestDomain> _domains = new List<TestDomain>();
        private int _nextDomainId = 1;
        private NodeInfo _nodeInfo;

        public TestDriverState(NodeInfo nodeInfo, string? sourceFile = null)
        {
            _nodeInfo = nodeInfo ?? throw new ArgumentNullException(nameof(nodeInfo));
            SourceFile = sourceFile;
        }

        /// <summary>The lock guarding this state and its <see cref="TestDomain"/> objects.</summary>
        public object SyncRoot { get; } = new object();

        /// <summary>The node XML file this state was loaded from; null for test:///default.</summary>
        public string? SourceFile { get; }

        public NodeInfo NodeInfo
        {
            get { lock (SyncRoot) return _nodeInfo; }
            internal set { lock (SyncRoot) _nodeInfo = value; }
        }

        /// <summary>The node XML's <c>&lt;auth&gt;</c> users; empty: no authentication.</summary>
        public IReadOnlyList<TestAuthUser> AuthUsers { get; internal set; } = Array.Empty<TestAuthUser>();

        /// <summary>The id the next domain to start gets (libvirt's nextDomID: starts at 1, never reused).</summary>
        public int NextDomainId
        {
            get { lock (SyncRoot) return _nextDomainId; }
        }

        /// <summary>Copies of the domains, in definition order.</summary>
        public IReadOnlyList<TestDomain> GetDomains()
        {
            lock (SyncRoot) return _domains.Select(d => d.Clone()).ToList();
        }

        public int DomainCount
        {
            get { lock (SyncRoot) return _domains.Count; }
        }

        /// <summary>
        /// The CPU time the test driver reports for every domain, running or not: the wall clock, i.e.
        /// <c>g_get_real_time() * 1000</c> in testDomainGetInfo — microseconds since the Unix epoch times 1000
        /// (so the value is in ns with microsecond resolution). Verified against libvirt 9.0: the value follows
        /// <c>time.time_ns()</c> of the caller for running and shut-off domains alike.
        /// </summary>
        public static ulong CpuTimeNow()
        {
            long micros = (DateTime.UtcNow.Ticks - UnixEpochTicks) / 10;
            return micros <= 0 ? 0UL : (ulong)micros * 1000UL;
        }

        private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        // ---- lookups (callers hold SyncRoot when they go on to change the domain) ----

        internal TestDomain? FindByName(string name)
        {
            lock (SyncRoot) return _domains.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
        }

        internal TestDomain? FindById(int id)
        {
            lock (SyncRoot) return _domains.FirstOrDefault(d => d.Id == id && d.IsActive);
        }

        internal TestDomain? FindByUuid(Guid uuid)
        {
            lock (SyncRoot) return _domains.FirstOrDefault(d => d.Uuid == uuid);
        }

        internal IEnumerable<TestDomain> DomainsUnlocked => _domains;

        internal void Add(TestDomain domain)
        {
            lock (SyncRoot) _domains.Add(domain);
        }

        internal void Remove(TestDomain domain)
        {
            lock (SyncRoot) _domains.Remove(domain);
        }

        // ---- state transitions (as testDomainStartState / testDomainShutdownState) ----

        /// <summary>Marks the domain running with the next id (testDomainStartState); clears managed save.</summary>
        internal void Start(TestDomain domain, int reason)
        {
            lock (SyncRoot)
            {
                domain.State = DomainState.Running;
                domain.StateReason = reason;
                domain.Id = _nextDomainId++;
                domain.HasManagedSave = false;
                OnDomainStarted(domain);
            }
        }

        /// <summary>Marks the domain shut off (testDomainShutdownState); a transient one is removed.</summary>
        internal void Shutoff(TestDomain domain, int reason)
        {
            lock (SyncRoot)
            {
                domain.State = DomainState.Shutoff;
                domain.StateReason = reason;
                domain.Id = null;
                OnDomainShutoff(domain);
                if (!domain.Persistent) _domains.Remove(domain);
            }
        }
    }
}
