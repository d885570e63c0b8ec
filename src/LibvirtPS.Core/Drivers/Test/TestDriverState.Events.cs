using System;
using LibvirtPS.Core.Drivers.Events;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>An event raised by the embedded driver's state, before a connection stamps its URI on it.</summary>
    public sealed class TestDriverEvent
    {
        internal TestDriverEvent(LibvirtEventKind kind, string name, Guid uuid, int? id, int eventType, int detail)
        {
            Kind = kind;
            Name = name;
            Uuid = uuid;
            Id = id;
            EventType = eventType;
            Detail = detail;
        }

        public LibvirtEventKind Kind { get; }
        public string Name { get; }
        public Guid Uuid { get; }
        public int? Id { get; }
        public int EventType { get; }
        public int Detail { get; }
    }

    // Event hooks of the embedded test driver: every change that libvirt 9.0's test driver reports with an event calls
    // one of these, and each connection on this state with a subscription of that kind gets it. Raised synchronously on
    // the changing thread (subscribers only queue), so an event is queued before the call that caused it returns.
    public sealed partial class TestDriverState
    {
        /// <summary>Raised for every event of this state (connections subscribe while they have subscriptions).</summary>
        public event Action<TestDriverEvent>? EventRaised;

        /// <summary>A domain lifecycle event (or Reboot) with libvirt's event and detail numbers.</summary>
        public void RaiseDomainEvent(string name, Guid uuid, int? id, LibvirtDomainEventType eventType, int detail) =>
            Raise(new TestDriverEvent(eventType == LibvirtDomainEventType.Reboot ? LibvirtEventKind.DomainReboot : LibvirtEventKind.DomainLifecycle,
                name, uuid, id, (int)eventType, detail));

        internal void RaiseDomainEvent(TestDomain d, LibvirtDomainEventType eventType, int detail) =>
            RaiseDomainEvent(d.Name, d.Uuid, d.Id, eventType, detail);

        /// <summary>
        /// A network lifecycle event, as libvirt 9.0's test driver raises them: define → Defined, undefine → Undefined,
        /// create/start → Started, destroy → Stopped; detail 0.
        /// </summary>
        public void RaiseNetworkEvent(string name, Guid uuid, LibvirtNetworkEventType eventType, int detail = 0) =>
            Raise(new TestDriverEvent(LibvirtEventKind.NetworkLifecycle, name, uuid, null, (int)eventType, detail));

        /// <summary>
        /// A storage pool lifecycle event (define → Defined, undefine → Undefined, create/start → Started, destroy →
        /// Stopped, build → Created, delete → Deleted; detail 0), or with <see cref="LibvirtStoragePoolEventType.Refresh"/>
        /// the refresh event (virStoragePoolRefresh; the test driver's pool start raises no refresh).
        /// </summary>
        public void RaisePoolEvent(string name, Guid uuid, LibvirtStoragePoolEventType eventType, int detail = 0) =>
            Raise(new TestDriverEvent(eventType == LibvirtStoragePoolEventType.Refresh ? LibvirtEventKind.StoragePoolRefresh : LibvirtEventKind.StoragePoolLifecycle,
                name, uuid, null, (int)eventType, eventType == LibvirtStoragePoolEventType.Refresh ? 0 : detail));

        // Domains started as transient (virDomainCreateXML of a new domain) and not defined since: libvirt keeps no
        // second definition for them, so their STOPPED event still names the id they ran with; every other domain's
        // definition is swapped for the inactive one (id -1) before the event is made. Observed on 9.0: a created
        // domain stops with "id 5", a defined-then-undefined one with -1.
        private readonly System.Collections.Generic.HashSet<Guid> _startedTransient = new System.Collections.Generic.HashSet<Guid>();

        internal void MarkStartedTransient(TestDomain d)
        {
            lock (SyncRoot) _startedTransient.Add(d.Uuid);
        }

        internal void ClearStartedTransient(TestDomain d)
        {
            lock (SyncRoot) _startedTransient.Remove(d.Uuid);
        }

        /// <summary>STOPPED with <paramref name="detail"/>, the id as libvirt 9.0 reports it (see above).</summary>
        internal void RaiseStoppedEvent(TestDomain d, int? runningId, int detail)
        {
            bool keepsId;
            lock (SyncRoot) keepsId = _startedTransient.Remove(d.Uuid);
            RaiseDomainEvent(d.Name, d.Uuid, keepsId ? runningId : null, LibvirtDomainEventType.Stopped, detail);
        }

        private void Raise(TestDriverEvent e)
        {
            var handlers = EventRaised;
            if (handlers == null) return;
            foreach (Action<TestDriverEvent> h in handlers.GetInvocationList())
            {
                try { h(e); } catch (Exception) { /* one connection's subscriber must not break the change */ }
            }
        }
    }
}
