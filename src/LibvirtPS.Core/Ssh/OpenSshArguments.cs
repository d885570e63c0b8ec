using System.Collections.Generic;

namespace LibvirtPS.Core.Ssh
{
    /// <summary>The argv libvirt gives the OpenSSH client for <c>+ssh</c> (<c>virNetSocketNewConnectSSH</c>).</summary>
    public static class OpenSshArguments
    {
        /// <summary>
        /// <c>command [-p port] [-l user] [-i key] -T -e none [-o BatchMode=yes] [-o StrictHostKeyChecking=no]
        /// -- host "remote command"</c>; program first.
        /// </summary>
        public static IReadOnlyList<string> Build(string command, int? port, string? user, string? keyFile,
            bool noTty, bool noVerify, string host, string remoteCommand)
        {
            var argv = new List<string> { command };
            if (port.HasValue) { argv.Add("-p"); argv.Add(port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
            if (user != null) { argv.Add("-l"); argv.Add(user); }
            if (keyFile != null) { argv.Add("-i"); argv.Add(keyFile); }
            argv.Add("-T"); argv.Add("-e"); argv.Add("none");
            if (noTty) { argv.Add("-o"); argv.Add("BatchMode=yes"); }
            if (noVerify) { argv.Add("-o"); argv.Add("StrictHostKeyChecking=no"); }
            argv.Add("--");
            argv.Add(host);
            argv.Add(remoteCommand);
            return argv;
        }
    }
}
