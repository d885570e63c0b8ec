namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// A negotiated SASL security layer (integrity or confidentiality). On the wire every frame is a 4-byte
    /// big-endian length and that many bytes of <see cref="Wrap"/> output (libvirt/cyrus framing, facts §6.4).
    /// </summary>
    public interface ISaslSecurityLayer
    {
        /// <summary>Negotiated strength in bits (libvirt requires at least 56 on plain tcp).</summary>
        int Ssf { get; }

        /// <summary>Largest plaintext one Wrap call takes (libvirt encodes at most 65536 bytes per call).</summary>
        int MaxPlaintext { get; }

        /// <summary>Protects one block of plaintext; returns the frame body (without the length word).</summary>
        byte[] Wrap(byte[] plaintext, int offset, int count);

        /// <summary>Checks and opens one frame body; throws on a bad MAC or sequence number.</summary>
        byte[] Unwrap(byte[] frame, int offset, int count);
    }
}
