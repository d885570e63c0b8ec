using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Tls
{
    /// <summary>The four TLS client files a connection will use and the rule that picked each.</summary>
    public sealed class PkiPaths
    {
        public PkiPaths(string caCertificate, PkiSource caSource, string crl, PkiSource crlSource,
            string clientCertificate, string clientKey, PkiSource clientSource)
        {
            CACertificate = caCertificate;
            CASource = caSource;
            Crl = crl;
            CrlSource = crlSource;
            ClientCertificate = clientCertificate;
            ClientKey = clientKey;
            ClientSource = clientSource;
        }

        /// <summary>The CA bundle; it must exist (libvirt's only mandatory TLS file).</summary>
        public string CACertificate { get; }
        public PkiSource CASource { get; }
        /// <summary>The revocation list; used when present.</summary>
        public string Crl { get; }
        public PkiSource CrlSource { get; }
        /// <summary>The client certificate; sent when it and the key exist.</summary>
        public string ClientCertificate { get; }
        public string ClientKey { get; }
        public PkiSource ClientSource { get; }
    }
}
