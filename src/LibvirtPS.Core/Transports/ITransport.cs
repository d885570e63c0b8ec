using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Transports
{
    /// <summary>
    /// Opens the byte stream a plan describes. One implementation per transport; everything above sees a
    /// duplex <see cref="Stream"/> and nothing else.
    /// </summary>
    public interface ITransport
    {
        /// <summary>Connects; failures are LibvirtException with libvirt's message for the transport.</summary>
        Task<Stream> ConnectAsync(ConnectionPlan plan, CancellationToken cancellationToken);

        /// <summary>True when libvirt counts the transport as secure (SASL needs no security layer over it).</summary>
        bool IsSecure { get; }
    }
}
