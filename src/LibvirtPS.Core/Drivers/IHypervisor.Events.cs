using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers.Events;

namespace LibvirtPS.Core.Drivers
{
    public partial interface IHypervisor
    {
        /// <summary>
        /// Subscribes <paramref name="sink"/> to one event stream of this connection (all objects of the family; filter
        /// in the sink). The first subscription of a kind registers on the wire, later ones share it. The sink is called
        /// on the connection's reader thread and must only queue. Fails with NoSupport when the daemon lacks
        /// callback-ID events; the subscription ends (OnEnded with the reason) when the connection closes or dies.
        /// </summary>
        Task<LibvirtEventSubscription> SubscribeEventsAsync(LibvirtEventKind kind, ILibvirtEventSink sink, CancellationToken cancellationToken);
    }
}
