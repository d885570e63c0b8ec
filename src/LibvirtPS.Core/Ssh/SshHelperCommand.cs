using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Ssh
{
    /// <summary>
    /// The remote shell command libvirt runs over SSH to reach the daemon (<c>virNetClientSSHHelperCommand</c>):
    /// netcat on the socket, virt-ssh-helper, or "helper if installed, else netcat". Byte-exact, because
    /// users compare it with what libvirt runs and because the host's shell parses it.
    /// </summary>
    public static class SshHelperCommand
    {
        /// <summary>The proxy actually used: <c>auto</c> with an explicit netcat becomes netcat.</summary>
        public static SshProxyMode EffectiveProxy(SshProxyMode proxy, string? netcat) =>
            proxy == SshProxyMode.Auto && netcat != null ? SshProxyMode.Netcat : proxy;

        public static string Build(SshProxyMode proxy, string? netcat, string socketPath, string driverUri, bool readOnly)
        {
            string nc = ShellEscape.DoubleEscape(netcat ?? "nc");
            string uri = ShellEscape.DoubleEscape(driverUri);
            // The socket path is inserted without any quoting, exactly as libvirt does.
            string ncCommand =
                "if '" + nc + "' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then " +
                "ARG=-q0;else ARG=;fi;'" + nc + "' $ARG -U " + socketPath;
            string helperCommand = "virt-ssh-helper" + (readOnly ? " -r " : " ") + "'" + uri + "'";

            switch (EffectiveProxy(proxy, netcat))
            {
                case SshProxyMode.Netcat:
                    return "sh -c '" + ncCommand + "'";
                case SshProxyMode.Native:
                    if (netcat != null)
                    {
                        throw new LibvirtException(LibvirtErrorCode.InvalidArg, LibvirtErrorDomain.Rpc,
                            "netcat path not valid with native proxy mode");
                    }
                    return "sh -c '" + helperCommand + "'";
                default:
                    return "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " +
                           helperCommand + "; else    " + ncCommand + "; fi'";
            }
        }
    }
}
