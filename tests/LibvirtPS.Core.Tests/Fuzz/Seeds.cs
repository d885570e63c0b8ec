using System.Linq;
using LibvirtPS.Core.Tests.Rpc;

namespace LibvirtPS.Core.Tests.Fuzz
{
    /// <summary>The fuzz corpus: every golden packet captured from real virsh ↔ libvirtd traffic.</summary>
    internal static class Seeds
    {
        internal static readonly byte[][] Packets = new[]
        {
            GoldenPackets.AuthListCall, GoldenPackets.AuthListReplyNone, GoldenPackets.AuthListReplySasl,
            GoldenPackets.SupportsFeatureCall, GoldenPackets.SupportsFeatureReply, GoldenPackets.ConnectOpenCall,
            GoldenPackets.ConnectOpenReply, GoldenPackets.ListAllDomainsCall, GoldenPackets.ListAllDomainsReply,
            GoldenPackets.GetStateCall, GoldenPackets.GetStateReply, GoldenPackets.LookupByNameCall,
            GoldenPackets.NoDomainErrorReply, GoldenPackets.CallbackRegisterAnyCall, GoldenPackets.CallbackRegisterAnyReply,
            GoldenPackets.LifecycleEvent, GoldenPackets.KeepalivePing, GoldenPackets.NodeGetInfoReply,
            GoldenPackets.DomainGetInfoReply, GoldenPackets.NetMessagePayloadError,
        }.Select(GoldenPackets.Bytes).ToArray();
    }
}
