using System;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>The transport names of libvirt URIs and libvirt's split of <c>driver+transport</c>.</summary>
    public static class TransportNames
    {
        /// <summary>The lower-case name libvirt uses in URIs and messages.</summary>
        public static string ToUriName(LibvirtTransport t)
        {
            switch (t)
            {
                case LibvirtTransport.Unix: return "unix";
                case LibvirtTransport.Tcp: return "tcp";
                case LibvirtTransport.Tls: return "tls";
                case LibvirtTransport.Ssh: return "ssh";
                case LibvirtTransport.Libssh: return "libssh";
                case LibvirtTransport.Libssh2: return "libssh2";
                case LibvirtTransport.Ext: return "ext";
                default: return "embedded";
            }
        }

        /// <summary>
        /// <c>remoteSplitURIScheme</c>: driver = text before the first '+', transport = the rest lower-cased;
        /// with no transport a URI with a host uses tls, otherwise unix.
        /// </summary>
        public static void Split(LibvirtUri uri, out string driver, out LibvirtTransport transport)
        {
            string scheme = uri.Scheme ?? throw new LibvirtException(LibvirtErrorCode.InvalidArg,
                LibvirtErrorDomain.Remote, "missing scheme for URI");
            int plus = scheme.IndexOf('+');
            driver = plus < 0 ? scheme : scheme.Substring(0, plus);
            if (plus < 0)
            {
                transport = uri.Server != null ? LibvirtTransport.Tls : LibvirtTransport.Unix;
                return;
            }
            string name = scheme.Substring(plus + 1).ToLowerInvariant();
            switch (name)
            {
                case "tls": transport = LibvirtTransport.Tls; break;
                case "unix": transport = LibvirtTransport.Unix; break;
                case "ssh": transport = LibvirtTransport.Ssh; break;
                case "libssh2": transport = LibvirtTransport.Libssh2; break;
                case "ext": transport = LibvirtTransport.Ext; break;
                case "tcp": transport = LibvirtTransport.Tcp; break;
                case "libssh": transport = LibvirtTransport.Libssh; break;
                default:
                    throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Remote,
                        "remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
            }
            if (transport == LibvirtTransport.Unix && uri.Server != null)
            {
                throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Remote,
                    "using unix socket and remote server '" + uri.Server + "' is not supported.");
            }
        }
    }
}
