namespace LibvirtPS.Core.Uris
{
    /// <summary>libvirt's <c>mode</c> parameter: which daemon socket to use (monolithic libvirtd or a modular one).</summary>
    public enum RemoteSocketMode { Auto, Legacy, Direct }
}
