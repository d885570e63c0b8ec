using System.Collections.Generic;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// libvirt's choice of daemon socket (<c>remoteGetUNIXSocket</c>) as a Debian 12 build makes it:
    /// session sockets under the user runtime folder, system sockets under <c>/var/run/libvirt</c>
    /// (<c>-sock-ro</c> when read-only), <c>mode=auto</c> preferring an existing modular socket, then an
    /// existing legacy socket, else legacy (Debian builds with remote_default_mode=legacy).
    /// </summary>
    internal static class UnixSocketLocator
    {
        internal sealed class Choice
        {
            public string Socket = "";
            public RemoteSocketMode Mode;
            public string? DaemonPath;
        }

        internal static Choice Locate(LibvirtTransport transport, RemoteSocketMode mode, string? driver,
            RemoteOpenFlags flags, ClientEnvironment env, List<string> decisions)
        {
            string? directDaemon = driver != null ? "virt" + driver + "d" : null;
            string? directSocket = directDaemon != null ? SocketFor(directDaemon, flags, env) : null;
            string legacySocket = SocketFor("libvirt", flags, env);

            if (mode == RemoteSocketMode.Auto)
            {
                if (transport == LibvirtTransport.Unix)
                {
                    if (directSocket != null && env.FileExists(directSocket))
                    {
                        mode = RemoteSocketMode.Direct;
                        decisions.Add("mode auto: modular daemon socket " + directSocket + " exists, so direct");
                    }
                    else if (env.FileExists(legacySocket))
                    {
                        mode = RemoteSocketMode.Legacy;
                        decisions.Add("mode auto: " + legacySocket + " exists, so legacy");
                    }
                    else
                    {
                        mode = RemoteSocketMode.Legacy;
                        decisions.Add("mode auto: no daemon socket exists yet, so legacy (the default of Debian's libvirt build)");
                    }
                }
                else
                {
                    mode = RemoteSocketMode.Legacy;
                    decisions.Add("mode auto over " + TransportNames.ToUriName(transport) + ": the legacy socket path (the host's virt-ssh-helper makes the real choice)");
                }
            }

            var choice = new Choice { Mode = mode };
            string daemonName;
            if (mode == RemoteSocketMode.Direct)
            {
                if (transport != LibvirtTransport.Unix)
                {
                    throw new LibvirtException(LibvirtErrorCode.OperationUnsupported, LibvirtErrorDomain.Remote,
                        "Cannot use direct socket mode for " + TransportNames.ToUriName(transport) + " transport")
                    { Hint = "Over ssh the host's virt-ssh-helper picks the daemon: use mode=auto or legacy, or name the socket with socket=." };
                }
                if (directSocket == null)
                {
                    throw new LibvirtException(LibvirtErrorCode.OperationUnsupported, LibvirtErrorDomain.Remote,
                        "Cannot use direct socket mode if no URI is set");
                }
                choice.Socket = directSocket;
                daemonName = directDaemon!;
                decisions.Add("socket " + directSocket + " from mode=direct (modular daemon " + directDaemon + ")");
            }
            else
            {
                choice.Socket = legacySocket;
                daemonName = "libvirtd";
                decisions.Add("socket " + legacySocket + " from mode=legacy" +
                    ((flags & RemoteOpenFlags.User) != 0 ? " (session daemon of this user)" : ((flags & RemoteOpenFlags.ReadOnly) != 0 ? " (read-only socket)" : "")));
            }

            if ((flags & RemoteOpenFlags.Autostart) != 0)
            {
                // virFileFindResourceFull: $VIRTD_PATH (when set) else $LIBVIRTD_PATH names the *directory* the
                // daemon is looked up in, replacing SBINDIR (libvirt-facts §3.2), so the result is <dir>/<daemon>
                string? dir = env.GetVariable("VIRTD_PATH") ?? env.GetVariable("LIBVIRTD_PATH");
                choice.DaemonPath = dir != null ? dir.TrimEnd('/') + "/" + daemonName : "/usr/sbin/" + daemonName;
                decisions.Add("session daemon autostart: " + choice.DaemonPath + " --timeout=120 when the socket is missing");
            }
            return choice;
        }

        private static string SocketFor(string prefix, RemoteOpenFlags flags, ClientEnvironment env)
        {
            if ((flags & RemoteOpenFlags.User) != 0)
            {
                return env.Combine(env.UserRuntimeDirectory, "libvirt", prefix + "-sock");
            }
            // libvirt deliberately writes /var/run (not /run): the path may be used on another host over ssh
            return "/var/run/libvirt/" + prefix + ((flags & RemoteOpenFlags.ReadOnly) != 0 ? "-sock-ro" : "-sock");
        }
    }
}
