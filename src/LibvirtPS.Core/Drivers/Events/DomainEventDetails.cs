using System.Globalization;

namespace LibvirtPS.Core.Drivers.Events
{
    /// <summary>
    /// The lifecycle event's <c>detail</c> per event type, named after libvirt's <c>virDomainEvent*DetailType</c> constants
    /// (libvirt-domain.h, 9.0), e.g. STOPPED + 1 = <c>VIR_DOMAIN_EVENT_STOPPED_DESTROYED</c> = "Destroyed". An unknown
    /// number (a newer daemon) is shown as the number.
    /// </summary>
    public static class DomainEventDetails
    {
        private static readonly string[][] Names =
        {
            new[] { "Added", "Updated", "Renamed", "FromSnapshot" },                                  // DEFINED
            new[] { "Removed", "Renamed" },                                                             // UNDEFINED
            new[] { "Booted", "Migrated", "Restored", "FromSnapshot", "Wakeup" },                     // STARTED
            new[] { "Paused", "Migrated", "IOError", "Watchdog", "Restored", "FromSnapshot", "APIError", "PostCopy", "PostCopyFailed" }, // SUSPENDED
            new[] { "Unpaused", "Migrated", "FromSnapshot", "PostCopy", "PostCopyFailed" },           // RESUMED
            new[] { "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "FromSnapshot" }, // STOPPED
            new[] { "Finished", "Guest", "Host" },                                                      // SHUTDOWN
            new[] { "Memory", "Disk" },                                                                 // PMSUSPENDED
            new[] { "Panicked", "Crashloaded" },                                                        // CRASHED
        };

        /// <summary>The detail's name for the event type; the number as text when libvirt 9.0 has no name for it.</summary>
        public static string Name(LibvirtDomainEventType type, int detail)
        {
            int t = (int)type;
            if (t >= 0 && t < Names.Length && detail >= 0 && detail < Names[t].Length) return Names[t][detail];
            return detail.ToString(CultureInfo.InvariantCulture);
        }
    }
}
