using System.Collections.Generic;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>
    /// Unix socket selection, open flags and daemon autostart (libvirt-facts §3.1–§3.3), for a Debian 12 build
    /// (remote_default_mode=legacy), no daemon running.
    /// </summary>
    public class ConnectionPlannerSocketTests
    {
        private const string Sys = "/var/run/libvirt/";

        // §3.3 verified table. "{rt}" stands for the user runtime folder; each user row runs with XDG_RUNTIME_DIR
        // set (→ $XDG_RUNTIME_DIR/libvirt) and unset (GLib falls back to ~/.cache → /home/u/.cache/libvirt).
        [Theory]
        [InlineData(true, "qemu:///system", false, null, 0, Sys + "libvirt-sock", null)]
        [InlineData(true, "qemu:///system", true, null, 1, Sys + "libvirt-sock-ro", null)]
        [InlineData(true, "qemu:///session", false, null, 0, Sys + "libvirt-sock", null)]
        [InlineData(true, "qemu:///system?mode=direct", false, null, 0, Sys + "virtqemud-sock", null)]
        [InlineData(true, "qemu:///system?mode=direct", true, null, 1, Sys + "virtqemud-sock-ro", null)]
        [InlineData(true, null, false, null, 0, Sys + "libvirt-sock", null)]
        [InlineData(true, null, true, null, 1, Sys + "libvirt-sock-ro", null)]
        [InlineData(true, "test+unix:///default", false, null, 0, Sys + "libvirt-sock", null)]
        [InlineData(false, "qemu:///session", false, null, 6, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, "qemu:///session", true, null, 7, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, "qemu:///session", false, "0", 2, "{rt}/libvirt-sock", null)]
        [InlineData(false, "qemu:///session", true, "0", 3, "{rt}/libvirt-sock", null)]
        // only the exact value "0" disables autostart
        [InlineData(false, "qemu:///session", false, "1", 6, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, "qemu:///session", false, "no", 6, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, "qemu:///session?mode=direct", false, null, 6, "{rt}/virtqemud-sock", "/usr/sbin/virtqemud")]
        [InlineData(false, "qemu:///session?mode=direct", true, null, 7, "{rt}/virtqemud-sock", "/usr/sbin/virtqemud")]
        [InlineData(false, "qemu:///system", false, null, 0, Sys + "libvirt-sock", null)]
        [InlineData(false, "qemu:///system", true, null, 1, Sys + "libvirt-sock-ro", null)]
        [InlineData(false, "test+unix:///default", false, null, 6, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, "test+unix:///default", false, "0", 2, "{rt}/libvirt-sock", null)]
        [InlineData(false, null, false, null, 6, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, null, true, null, 7, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, null, false, "0", 2, "{rt}/libvirt-sock", null)]
        [InlineData(false, "lxc:///session", false, null, 6, "{rt}/libvirt-sock", "/usr/sbin/libvirtd")]
        [InlineData(false, "lxc:///session?mode=direct", false, null, 6, "{rt}/virtlxcd-sock", "/usr/sbin/virtlxcd")]
        public void SocketFlagsAndDaemon(bool root, string? uri, bool readOnly, string? autostartVar, int flags,
            string socket, string? daemon)
        {
            foreach (var runtime in new[] { "/run/user/1000", null })
            {
                var vars = new Dictionary<string, string>();
                if (runtime != null) vars["XDG_RUNTIME_DIR"] = runtime;
                if (autostartVar != null) vars["LIBVIRT_AUTOSTART"] = autostartVar;
                var plan = Plan(uri, Env(root, vars), readOnly);

                string rt = (runtime ?? "/home/u/.cache") + "/libvirt";
                Assert.Equal(LibvirtTransport.Unix, plan.Transport);
                Assert.Equal((RemoteOpenFlags)flags, plan.OpenFlags);
                Assert.Equal(socket.Replace("{rt}", rt), plan.SocketPath);
                Assert.Equal(daemon, plan.DaemonPath);
                Assert.Equal(readOnly, plan.ReadOnly);
            }
        }

        [Fact]
        public void RootNeverLooksAtTheUserRuntimeFolder()
        {
            var plan = Plan("qemu:///session", FakeEnvironment.Root(null, Vars("XDG_RUNTIME_DIR", "/run/user/0")));
            Assert.Equal(RemoteOpenFlags.None, plan.OpenFlags);
            Assert.Equal(Sys + "libvirt-sock", plan.SocketPath);
        }

        [Fact]
        public void XdgCacheHomeIsTheFallbackRuntimeFolder()
        {
            // g_get_user_runtime_dir() without XDG_RUNTIME_DIR is g_get_user_cache_dir(): $XDG_CACHE_HOME or ~/.cache
            var plan = Plan("qemu:///session", FakeEnvironment.User(null, Vars("XDG_CACHE_HOME", "/tmp/cache")));
            Assert.Equal("/tmp/cache/libvirt/libvirt-sock", plan.SocketPath);
        }

        [Theory]
        [InlineData(true, "qemu:///system", RemoteOpenFlags.None)]
        [InlineData(true, "qemu:///session", RemoteOpenFlags.None)]
        [InlineData(true, "test+tcp://h/default", RemoteOpenFlags.None)]
        [InlineData(false, "qemu:///system", RemoteOpenFlags.None)]
        [InlineData(false, "qemu:///", RemoteOpenFlags.None)]
        [InlineData(false, "qemu:///session/", RemoteOpenFlags.None)]
        [InlineData(false, "qemu:///Session", RemoteOpenFlags.None)]
        // a host or a non-unix transport: session daemon, but no autostart
        [InlineData(false, "qemu+tcp://h/session", RemoteOpenFlags.User)]
        [InlineData(false, "qemu+ssh://h/session", RemoteOpenFlags.User)]
        [InlineData(false, "qemu+tls:///session", RemoteOpenFlags.User)]
        [InlineData(false, "test+tcp://h/default", RemoteOpenFlags.User)]
        [InlineData(false, "test+tcp://h", RemoteOpenFlags.User)]
        [InlineData(false, "test+ssh://h/anything", RemoteOpenFlags.User)]
        [InlineData(false, "qemu+unix:///session", RemoteOpenFlags.User | RemoteOpenFlags.Autostart)]
        // only "test+" (case-sensitive) counts, not the TEST driver or a plain test://host
        [InlineData(false, "TEST+tcp://h/default", RemoteOpenFlags.None)]
        [InlineData(false, "test://h/default", RemoteOpenFlags.None)]
        public void OpenFlags(bool root, string uri, RemoteOpenFlags expected)
        {
            Assert.Equal(expected, Plan(uri, Env(root, Vars("XDG_RUNTIME_DIR", UserRuntime))).OpenFlags);
        }

        [Fact]
        public void NonRootTcpReadOnlySessionFlagsAreThree()
        {
            // §3.1: "non-root test+tcp read-only → 3" (verified on the wire)
            var plan = Plan("test+tcp://127.0.0.1:16600/default", User(), readOnly: true);
            Assert.Equal((RemoteOpenFlags)3, plan.OpenFlags);
        }

        // mode=auto over unix: an existing modular socket wins, then an existing legacy socket, else legacy (Debian)
        [Theory]
        [InlineData(true, false, new[] { Sys + "virtqemud-sock" }, Sys + "virtqemud-sock", RemoteSocketMode.Direct, null)]
        [InlineData(true, false, new[] { Sys + "virtqemud-sock", Sys + "libvirt-sock" }, Sys + "virtqemud-sock", RemoteSocketMode.Direct, null)]
        [InlineData(true, false, new[] { Sys + "libvirt-sock" }, Sys + "libvirt-sock", RemoteSocketMode.Legacy, null)]
        [InlineData(true, false, new string[0], Sys + "libvirt-sock", RemoteSocketMode.Legacy, null)]
        // read-only looks for the -ro socket of the modular daemon
        [InlineData(true, true, new[] { Sys + "virtqemud-sock-ro" }, Sys + "virtqemud-sock-ro", RemoteSocketMode.Direct, null)]
        [InlineData(true, true, new[] { Sys + "virtqemud-sock" }, Sys + "libvirt-sock-ro", RemoteSocketMode.Legacy, null)]
        // another driver's socket does not count
        [InlineData(true, false, new[] { Sys + "virtlxcd-sock" }, Sys + "libvirt-sock", RemoteSocketMode.Legacy, null)]
        // /run (RUNSTATEDIR) is not where the client looks: it uses /var/run
        [InlineData(true, false, new[] { "/run/libvirt/virtqemud-sock" }, Sys + "libvirt-sock", RemoteSocketMode.Legacy, null)]
        public void AutoModeForSystemSockets(bool root, bool readOnly, string[] files, string socket, RemoteSocketMode mode, string? daemon)
        {
            var plan = Plan("qemu:///system", Env(root, null, files), readOnly);
            Assert.Equal(socket, plan.SocketPath);
            Assert.Equal(mode, plan.Mode);
            Assert.Equal(daemon, plan.DaemonPath);
        }

        [Theory]
        [InlineData(new[] { UserRuntime + "/libvirt/virtqemud-sock" }, UserRuntime + "/libvirt/virtqemud-sock", RemoteSocketMode.Direct, "/usr/sbin/virtqemud")]
        [InlineData(new[] { UserRuntime + "/libvirt/libvirt-sock" }, UserRuntime + "/libvirt/libvirt-sock", RemoteSocketMode.Legacy, "/usr/sbin/libvirtd")]
        [InlineData(new[] { UserRuntime + "/libvirt/virtqemud-sock", UserRuntime + "/libvirt/libvirt-sock" }, UserRuntime + "/libvirt/virtqemud-sock", RemoteSocketMode.Direct, "/usr/sbin/virtqemud")]
        [InlineData(new string[0], UserRuntime + "/libvirt/libvirt-sock", RemoteSocketMode.Legacy, "/usr/sbin/libvirtd")]
        public void AutoModeForSessionSockets(string[] files, string socket, RemoteSocketMode mode, string daemon)
        {
            var plan = Plan("qemu:///session", User(files));
            Assert.Equal(socket, plan.SocketPath);
            Assert.Equal(mode, plan.Mode);
            Assert.Equal(daemon, plan.DaemonPath);
        }

        [Fact]
        public void AutoModeWithoutUriIgnoresModularSockets()
        {
            // no driver is known for a NULL URI (Debian does not guess one), so only the legacy socket is possible
            var plan = Plan(null, Root(Sys + "virtqemud-sock"));
            Assert.Equal(Sys + "libvirt-sock", plan.SocketPath);
            Assert.Equal(RemoteSocketMode.Legacy, plan.Mode);
        }

        [Fact]
        public void LegacyModeIgnoresAnExistingModularSocket()
        {
            var plan = Plan("qemu:///system?mode=legacy", Root(Sys + "virtqemud-sock"));
            Assert.Equal(Sys + "libvirt-sock", plan.SocketPath);
            Assert.Equal(RemoteSocketMode.Legacy, plan.Mode);
        }

        [Fact]
        public void DirectModeWithoutUriFails()
        {
            using var cfg = new TempConfigFile("remote_mode = \"direct\"\n");
            var e = cfg.PlanFails(null, root: true);
            Assert.Equal(LibvirtErrorCode.OperationUnsupported, e.Code);
            Assert.Equal("Operation not supported: Cannot use direct socket mode if no URI is set", e.Message);
        }

        [Theory]
        [InlineData("qemu:///system?socket=/tmp/my.sock", "/tmp/my.sock")]
        [InlineData("qemu:///system?socket=/tmp/my.sock&mode=direct", "/tmp/my.sock")]
        [InlineData("qemu:///session?socket=@abstract", "@abstract")]
        [InlineData("qemu+unix:///system?socket=/a%20b", "/a b")]
        public void ExplicitSocketBypassesSelection(string uri, string socket)
        {
            var plan = Plan(uri, User(UserRuntime + "/libvirt/virtqemud-sock", Sys + "virtqemud-sock"));
            Assert.Equal(socket, plan.SocketPath);
        }

        [Theory]
        [InlineData("VIRTD_PATH", "/opt/libvirt/sbin", "/opt/libvirt/sbin/libvirtd")]
        [InlineData("LIBVIRTD_PATH", "/opt/libvirt/sbin", "/opt/libvirt/sbin/libvirtd")]
        [InlineData("VIRTD_PATH", "/opt/libvirt/sbin/", "/opt/libvirt/sbin/libvirtd")]
        public void DaemonDirectoryOverride(string variable, string value, string expected)
        {
            // §3.2: the variable names the folder the daemon is looked up in, instead of SBINDIR
            var plan = Plan("qemu:///session", FakeEnvironment.User(null, Vars("XDG_RUNTIME_DIR", UserRuntime, variable, value)));
            Assert.Equal(expected, plan.DaemonPath);
        }

        [Fact]
        public void VirtdPathIsPreferredOverLibvirtdPath()
        {
            var plan = Plan("qemu:///session?mode=direct",
                FakeEnvironment.User(null, Vars("VIRTD_PATH", "/a", "LIBVIRTD_PATH", "/b")));
            Assert.Equal("/a/virtqemud", plan.DaemonPath);
        }
    }
}
