using System;
using System.Threading;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// One event as it arrived from a connection: which object, what happened, when it was received (libvirt's events
    /// carry no time; virsh --timestamp also prints the time of receipt). Typed subclasses per object family.
    /// </summary>
    public abstract class LibvirtEvent
    {
        private static long _lastSequence;

        protected LibvirtEvent(LibvirtEventKind kind, string uri, string objectName, Guid objectUuid)
        {
            Kind = kind;
            Uri = uri;
            ObjectName = objectName;
            ObjectUuid = objectUuid;
            TimeCreated = DateTime.Now;
            Sequence = Interlocked.Increment(ref _lastSequence);
        }

        public LibvirtEventKind Kind { get; }

        /// <summary>The URI of the connection the event came from.</summary>
        public string Uri { get; }

        /// <summary>The connection object (set by whoever knows it, e.g. the PowerShell module; null otherwise).</summary>
        public LibvirtConnection? Connection { get; set; }

        /// <summary>The host the event came from (the hypervisor's host name; null until <see cref="Connection"/> is set).</summary>
        public string? HostName => Connection?.HostName;

        /// <summary>The domain, network or pool name.</summary>
        public string ObjectName { get; }

        public Guid ObjectUuid { get; }

        /// <summary>Local time the event was received.</summary>
        public DateTime TimeCreated { get; }

        /// <summary>Increases in the order events were received in this process.</summary>
        public long Sequence { get; }

        /// <summary>The event type's name (Started, Stopped, Refresh, ...), for filters across families.</summary>
        public abstract string EventName { get; }

        /// <summary>The detail's name ("Destroyed", "Booted", ...; empty when the family has none).</summary>
        public abstract string DetailName { get; }

        public override string ToString() => ObjectName + ": " + EventName + (DetailName.Length > 0 ? " " + DetailName : "");
    }
}
