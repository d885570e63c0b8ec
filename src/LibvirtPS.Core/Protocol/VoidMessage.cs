using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Protocol
{
    /// <summary>The empty body of procedures whose args or ret are <c>void</c> (encodes to zero bytes).</summary>
    [XdrStruct]
    public sealed partial class VoidMessage
    {
        /// <summary>The one instance needed: it has no state.</summary>
        public static readonly VoidMessage Instance = new VoidMessage();
    }
}
