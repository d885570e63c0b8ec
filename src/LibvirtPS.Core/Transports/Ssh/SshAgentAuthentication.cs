using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using Renci.SshNet;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>
    /// <c>sshauth=agent</c> of the in-process SSH transports, as libvirt's libssh/libssh2 transports do it: the keys
    /// of the ssh-agent at <c>$SSH_AUTH_SOCK</c> (on Windows, without it, the OpenSSH agent's pipe) are offered with
    /// public-key authentication and the agent signs. Without a reachable agent, or with an empty one, the method is
    /// skipped and the next one is tried.
    /// </summary>
    public static class SshAgentAuthentication
    {
        /// <summary>
        /// Tests only: an agent location used instead of <c>SSH_AUTH_SOCK</c> by the connections opened in this async flow
        /// (the process environment is shared by tests running in parallel).
        /// </summary>
        internal static readonly AsyncLocal<string?> LocationOverride = new AsyncLocal<string?>();

        /// <summary>
        /// The agent's identities as one public-key method for <paramref name="user"/>; null when the method is skipped,
        /// with <paramref name="note"/> saying why (for the final authentication error). Every step is traced through
        /// <paramref name="trace"/>.
        /// </summary>
        public static AuthenticationMethod? Create(string user, Action<string> trace, CancellationToken cancellationToken, out string? note)
        {
            note = null;
            string? location = LocationOverride.Value ?? Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
            var agent = SshAgentClient.Locate(location, SshAgentClient.IsWindows, out string? why);
            if (agent == null)
            {
                trace("skipped: " + why);
                note = "agent (skipped: " + why + ")";
                return null;
            }

            IReadOnlyList<SshAgentIdentity> identities;
            try
            {
                identities = agent.RequestIdentities(cancellationToken);
            }
            catch (Exception e) when (e is SocketException || e is IOException || e is TimeoutException || e is UnauthorizedAccessException
                                      || e is SshAgentException)
            {
                string problem = Describe(agent, e);
                trace("skipped: " + problem);
                note = "agent (skipped: " + problem + ")";
                return null;
            }

            var sources = new List<IPrivateKeySource>();
            foreach (var id in identities)
            {
                if (id.KeyType.Length == 0)
                {
                    trace("ignored an identity with a malformed public key (" + id.Comment + ")");
                    continue;
                }
                sources.Add(new SshAgentKeySource(id, agent, trace, cancellationToken));
                trace("identity " + id);
            }
            if (sources.Count == 0)
            {
                trace("skipped: the ssh-agent at '" + agent.Location + "' has no identities (ssh-add)");
                note = "agent (no identities in '" + agent.Location + "')";
                return null;
            }
            trace(sources.Count + (sources.Count == 1 ? " identity" : " identities") + " from the ssh-agent at '" + agent.Location + "'");
            return new PrivateKeyAuthenticationMethod(user, sources.ToArray());
        }

        private static string Describe(SshAgentClient agent, Exception e)
        {
            if (SshAgentClient.PipeName(agent.Location) != null && e is TimeoutException)
                return "cannot connect to the ssh-agent pipe '" + agent.Location + "' (is the OpenSSH Authentication Agent service running?)";
            if (e is SocketException se)
                return "cannot connect to the ssh-agent at '" + agent.Location + "': " + SocketErrors.Describe(se);
            if (e is SshAgentException) return e.Message;
            return "cannot talk to the ssh-agent at '" + agent.Location + "': " + e.Message;
        }
    }
}
