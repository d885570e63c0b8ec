namespace LibvirtPS.Core.Uris
{
    /// <summary>How a connection reaches libvirt: the remote driver's transports, or the in-process test driver.</summary>
    public enum LibvirtTransport
    {
        /// <summary>A unix domain socket on this machine.</summary>
        Unix,
        /// <summary>Plain TCP (port 16509 by default), normally with SASL.</summary>
        Tcp,
        /// <summary>TLS over TCP (port 16514 by default), with x509 certificates.</summary>
        Tls,
        /// <summary>The OpenSSH client binary, running netcat or virt-ssh-helper on the host.</summary>
        Ssh,
        /// <summary>In-process SSH (libvirt: libssh).</summary>
        Libssh,
        /// <summary>In-process SSH (libvirt: libssh2).</summary>
        Libssh2,
        /// <summary>An external program whose stdin/stdout carry the protocol.</summary>
        Ext,
        /// <summary>The test driver served in-process (<c>test:///default</c>), as libvirt's own client does.</summary>
        Embedded,
    }
}
