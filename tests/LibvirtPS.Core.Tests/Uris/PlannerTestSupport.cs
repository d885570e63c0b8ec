using System;
using System.Collections.Generic;
using System.IO;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>Small helpers shared by the ConnectionPlanner*Tests classes: described machines and planning calls.</summary>
    internal static class PlannerTestSupport
    {
        internal const string UserRuntime = "/run/user/1000";

        /// <summary>A described machine: root or the user "u" (home /home/u), optional variables and existing files.</summary>
        internal static ClientEnvironment Env(bool root, IDictionary<string, string>? vars = null, params string[] files) =>
            root ? FakeEnvironment.Root(files, vars) : FakeEnvironment.User(files, vars);

        internal static ClientEnvironment Root(params string[] files) => FakeEnvironment.Root(files);

        /// <summary>The user "u" with XDG_RUNTIME_DIR set (the usual desktop/systemd login).</summary>
        internal static ClientEnvironment User(params string[] files) =>
            FakeEnvironment.User(files, Vars("XDG_RUNTIME_DIR", UserRuntime));

        internal static Dictionary<string, string> Vars(params string[] nameValuePairs)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i + 1 < nameValuePairs.Length; i += 2) d[nameValuePairs[i]] = nameValuePairs[i + 1];
            return d;
        }

        internal static ConnectionPlan Plan(string? uri, ClientEnvironment env, bool readOnly = false) =>
            ConnectionPlanner.Plan(uri, new ConnectionOptions { ReadOnly = readOnly }, env);

        internal static ConnectionPlan PlanAsRoot(string? uri, bool readOnly = false) => Plan(uri, Root(), readOnly);

        internal static ConnectionPlan PlanAsUser(string? uri, bool readOnly = false) => Plan(uri, User(), readOnly);

        /// <summary>Plans and expects libvirt's error; returns it for further checks.</summary>
        internal static LibvirtException PlanFails(string? uri, ClientEnvironment env, ConnectionOptions? options = null) =>
            Assert.Throws<LibvirtException>(() => ConnectionPlanner.Plan(uri, options ?? new ConnectionOptions(), env));
    }

    /// <summary>
    /// A real client config file for one test (ClientConfig reads the file from disk once the described machine
    /// says it exists), deleted afterwards.
    /// </summary>
    internal sealed class TempConfigFile : IDisposable
    {
        internal TempConfigFile(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "libvirtps-test-" + Guid.NewGuid().ToString("N") + ".conf");
            File.WriteAllText(Path, content);
        }

        internal string Path { get; }

        internal ConnectionOptions Options(bool readOnly = false) => new ConnectionOptions { ConfigPath = Path, ReadOnly = readOnly };

        /// <summary>A machine on which this config file exists (plus any other files).</summary>
        internal ClientEnvironment Env(bool root = false, IDictionary<string, string>? vars = null, params string[] files)
        {
            var all = new List<string>(files) { Path };
            return root ? FakeEnvironment.Root(all, vars) : FakeEnvironment.User(all, vars);
        }

        internal ConnectionPlan Plan(string? uri, bool root = false, IDictionary<string, string>? vars = null, bool readOnly = false) =>
            ConnectionPlanner.Plan(uri, Options(readOnly), Env(root, vars));

        internal LibvirtException PlanFails(string? uri, bool root = false, IDictionary<string, string>? vars = null) =>
            Assert.Throws<LibvirtException>(() => ConnectionPlanner.Plan(uri, Options(), Env(root, vars)));

        public void Dispose()
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The remote command pieces of libvirt-facts §4.2, written out from the facts (not from the engine), so
    /// tests compare the engine against the documented byte-exact strings.
    /// </summary>
    internal static class SshScript
    {
        internal const string SystemSocket = "/var/run/libvirt/libvirt-sock";
        internal const string SystemSocketRo = "/var/run/libvirt/libvirt-sock-ro";

        /// <summary>NCCMD with the already double-escaped-and-quoted netcat token (e.g. <c>'nc'</c>).</summary>
        internal static string NcCmd(string quotedNetcat, string socket) =>
            "if " + quotedNetcat + " -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;" +
            quotedNetcat + " $ARG -U " + socket;

        /// <summary>HELPER with the already double-escaped-and-quoted URI token (e.g. <c>'qemu:///system'</c>).</summary>
        internal static string Helper(string quotedUri, bool readOnly) =>
            "virt-ssh-helper " + (readOnly ? "-r " : "") + quotedUri;

        internal static string Auto(string helper, string nc) =>
            "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " + helper + "; else    " + nc + "; fi'";

        internal static string Netcat(string nc) => "sh -c '" + nc + "'";

        internal static string Native(string helper) => "sh -c '" + helper + "'";

        /// <summary>
        /// The default remote command for a system URI: helper if installed, else nc on the legacy socket. The
        /// helper URI is given as the quoted token the command contains (e.g. <c>'qemu:///system'</c>).
        /// </summary>
        internal static string AutoSystem(string quotedName = "'qemu:///system'", bool readOnly = false) =>
            Auto(Helper(quotedName, readOnly), NcCmd("'nc'", readOnly ? SystemSocketRo : SystemSocket));
    }
}
