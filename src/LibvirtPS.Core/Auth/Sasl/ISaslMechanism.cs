namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>
    /// One SASL mechanism on the client side, driven by libvirt's AUTH_SASL_START / AUTH_SASL_STEP exchange.
    /// Data is raw bytes; null means "no data" (libvirt's nil = 1), an empty array is empty data.
    /// </summary>
    public interface ISaslMechanism
    {
        /// <summary>The IANA name, e.g. SCRAM-SHA-256, DIGEST-MD5.</summary>
        string Name { get; }

        /// <summary>The strength of the security layer this mechanism can give at most (0: none).</summary>
        int MaxSsf { get; }

        /// <summary>The initial response sent with AUTH_SASL_START (null: none).</summary>
        byte[]? Start(SaslContext context);

        /// <summary>The answer to a server challenge (null: nothing to send).</summary>
        byte[]? Step(byte[]? challenge);

        /// <summary>True when the client side has finished (for mutual authentication: after checking the server).</summary>
        bool IsComplete { get; }

        /// <summary>After completion: the negotiated security layer, or null when none was negotiated.</summary>
        ISaslSecurityLayer? SecurityLayer { get; }
    }
}
