namespace LibvirtPS.Core.Uris
{
    /// <summary>Which rule chose a TLS file.</summary>
    public enum PkiSource
    {
        /// <summary>The <c>pkipath</c> URI parameter.</summary>
        PkiPath,
        /// <summary>The per-user folder <c>~/.pki/libvirt</c> (non-root only).</summary>
        PerUser,
        /// <summary>The system folders <c>/etc/pki/CA</c> and <c>/etc/pki/libvirt</c>.</summary>
        System,
    }
}
