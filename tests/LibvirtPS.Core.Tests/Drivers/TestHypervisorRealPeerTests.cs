// Differential tests of the embedded test driver against the real one of libvirt 9.0:
//   * python-libvirt (/usr/bin/python3) opens test:///default and test:///<file> in-process — exactly what libvirt's
//     own client does with those URIs — and reports node info, identity, domains, list filters and error texts;
//   * a private libvirtd (test driver only, LIBVIRT_DRIVER_DIR = an empty folder, unix sockets in a temp folder),
//     asked with virsh over test+unix:///default?socket=…, started and stopped (by its own PID) by the test.
// Both skip when the tools are missing. No network address is used.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Test;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Drivers
{
    public class TestHypervisorRealPeerTests
    {
        private const string Python = "/usr/bin/python3";
        private static readonly CancellationToken None = CancellationToken.None;

        private static readonly (DomainListFlags Flags, string Name)[] Filters =
        {
            (DomainListFlags.None, "none"), (DomainListFlags.Active, "active"), (DomainListFlags.Inactive, "inactive"),
            (DomainListFlags.Persistent, "persistent"), (DomainListFlags.Transient, "transient"),
            (DomainListFlags.Running, "running"), (DomainListFlags.Paused, "paused"), (DomainListFlags.Shutoff, "shutoff"),
            (DomainListFlags.Other, "other"), (DomainListFlags.ManagedSave, "managedsave"),
            (DomainListFlags.NoManagedSave, "nomanagedsave"), (DomainListFlags.Autostart, "autostart"),
            (DomainListFlags.NoAutostart, "noautostart"), (DomainListFlags.Running | DomainListFlags.Paused, "running|paused"),
            (DomainListFlags.Active | DomainListFlags.Persistent, "active&persistent"),
        };

        private const string PythonScript = @"
import json, sys
import libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
FLAGS = json.loads(sys.argv[1])
def err(e):
    return {'message': e.get_error_message(), 'code': e.get_error_code(), 'domain': e.get_error_domain()}
def dom(d):
    st, reason = d.state()
    info = d.info()
    return {'name': d.name(), 'uuid': d.UUIDString(), 'id': d.ID(), 'state': st, 'reason': reason,
            'maxMem': info[1], 'mem': info[2], 'vcpus': info[3], 'persistent': d.isPersistent(),
            'autostart': d.autostart(), 'managedSave': d.hasManagedSaveImage()}
result = {}
for uri in sys.argv[2:]:
    r = {}
    try:
        c = libvirt.open(uri)
    except libvirt.libvirtError as e:
        r['openError'] = err(e)
        result[uri] = r
        continue
    r['node'] = c.getInfo()
    r['type'] = c.getType()
    r['version'] = c.getVersion()
    r['libVersion'] = c.getLibVersion()
    r['hostname'] = c.getHostname()
    r['uri'] = c.getURI()
    r['domains'] = [dom(d) for d in c.listAllDomains(0)]
    r['filters'] = {name: sorted(d.name() for d in c.listAllDomains(flags)) for name, flags in FLAGS.items()}
    lookups = {}
    for key, call in [('name', lambda: c.lookupByName('nosuch')), ('id', lambda: c.lookupByID(999)),
                      ('negid', lambda: c.lookupByID(-1)),
                      ('uuid', lambda: c.lookupByUUIDString('00000000-0000-0000-0000-0000000000ff')),
                      ('flags', lambda: c.listAllDomains(1 << 16))]:
        try:
            call()
            lookups[key] = None
        except libvirt.libvirtError as e:
            lookups[key] = err(e)
    r['errors'] = lookups
    c.close()
    result[uri] = r
print(json.dumps(result))
";

        private static string? PythonUnavailable()
        {
            if (!File.Exists(Python)) return Python + " is not installed";
            var (code, _, _) = Run(Python, new[] { "-c", "import libvirt" }, null, 20000);
            return code == 0 ? null : "python3-libvirt is not installed";
        }

        private static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args,
            IDictionary<string, string>? env, int timeoutMs)
        {
            var psi = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutMs))
            {
                try { p.Kill(); } catch (InvalidOperationException) { }
                return (-1, "", "timeout");
            }
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        private static Dictionary<string, JsonElement> AskPython(params string[] uris)
        {
            var flags = JsonSerializer.Serialize(Filters.ToDictionary(f => f.Name, f => (uint)f.Flags));
            using var script = new TempFile(PythonScript, ".py");
            var (code, stdout, stderr) = Run(Python, new[] { script.Path, flags }.Concat(uris), null, 60000);
            Assert.True(code == 0, "python failed: " + stderr);
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stdout)!;
        }

        private static async Task CompareWithPython(JsonElement real, TestHypervisor ours)
        {
            var node = await ours.GetNodeInfoAsync(None);
            var n = real.GetProperty("node").EnumerateArray().ToArray();
            Assert.Equal(n[0].GetString(), node.Model);
            Assert.Equal(n[1].GetInt64(), (long)(node.MemoryKiB >> 10)); // python reports MiB
            Assert.Equal(n[2].GetInt32(), node.Cpus);
            Assert.Equal(n[3].GetInt32(), node.Mhz);
            Assert.Equal(n[4].GetInt32(), node.Nodes);
            Assert.Equal(n[5].GetInt32(), node.Sockets);
            Assert.Equal(n[6].GetInt32(), node.Cores);
            Assert.Equal(n[7].GetInt32(), node.Threads);

            var id = await ours.GetIdentityAsync(None);
            Assert.Equal(real.GetProperty("type").GetString(), id.Type);
            Assert.Equal(real.GetProperty("version").GetUInt64(), id.HypervisorVersion);
            Assert.Equal(real.GetProperty("libVersion").GetUInt64(), id.LibVersion);
            Assert.Equal(real.GetProperty("hostname").GetString(), id.HostName);
            Assert.Equal(real.GetProperty("uri").GetString(), id.Uri);

            var ourDomains = (await ours.ListDomainsAsync(DomainListFlags.None, None)).ToDictionary(d => d.Name);
            var realDomains = real.GetProperty("domains").EnumerateArray().ToArray();
            Assert.Equal(realDomains.Length, ourDomains.Count);
            foreach (var r in realDomains)
            {
                var name = r.GetProperty("name").GetString()!;
                var d = ourDomains[name];
                var realUuid = Guid.Parse(r.GetProperty("uuid").GetString()!);
                // a UUID generated for a definition without one differs run to run; a given one must match
                if ((await ours.GetDomainXmlAsync(d, None)).Contains("<uuid>")) Assert.Equal(realUuid, d.Uuid);
                int realId = r.GetProperty("id").GetInt32();
                Assert.Equal(realId < 0 ? null : realId, d.Id);
                Assert.Equal(r.GetProperty("state").GetInt32(), (int)d.State);
                Assert.Equal(r.GetProperty("reason").GetInt32(), d.StateReason);
                Assert.Equal(r.GetProperty("maxMem").GetUInt64(), d.MaxMemoryKiB);
                Assert.Equal(r.GetProperty("mem").GetUInt64(), d.MemoryKiB);
                Assert.Equal(r.GetProperty("vcpus").GetInt32(), d.VCpus);
                Assert.Equal(r.GetProperty("persistent").GetInt32() == 1, d.Persistent);
                Assert.Equal(r.GetProperty("autostart").GetInt32() == 1, d.Autostart);
            }

            var filters = real.GetProperty("filters");
            foreach (var (flags, fname) in Filters)
            {
                var expected = filters.GetProperty(fname).EnumerateArray().Select(e => e.GetString()!).ToArray();
                var actual = (await ours.ListDomainsAsync(flags, None)).Select(d => d.Name).OrderBy(x => x, StringComparer.Ordinal).ToArray();
                Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), actual);
            }

            var errors = real.GetProperty("errors");
            AssertSameError(errors.GetProperty("name"), await Assert.ThrowsAsync<LibvirtException>(() => ours.LookupDomainByNameAsync("nosuch", None)));
            AssertSameError(errors.GetProperty("id"), await Assert.ThrowsAsync<LibvirtException>(() => ours.LookupDomainByIdAsync(999, None)));
            AssertSameError(errors.GetProperty("negid"), await Assert.ThrowsAsync<LibvirtException>(() => ours.LookupDomainByIdAsync(-1, None)));
            AssertSameError(errors.GetProperty("uuid"), await Assert.ThrowsAsync<LibvirtException>(() =>
                ours.LookupDomainByUuidAsync(new Guid("00000000-0000-0000-0000-0000000000ff"), None)));
            AssertSameError(errors.GetProperty("flags"), await Assert.ThrowsAsync<LibvirtException>(() =>
                ours.ListDomainsAsync((DomainListFlags)(1 << 16), None)));
        }

        private static void AssertSameError(JsonElement real, LibvirtException ours)
        {
            Assert.Equal(real.GetProperty("message").GetString(), ours.Message);
            Assert.Equal(real.GetProperty("code").GetInt32(), (int)ours.Code);
            Assert.Equal(real.GetProperty("domain").GetInt32(), (int)ours.Domain);
        }

        [SkippableFact]
        public async Task SameAsLibvirtInProcess_DefaultAndNodeFile()
        {
            var why = PythonUnavailable();
            Skip.If(why != null, why);

            using var files = new TestNodeFiles();
            var path = files.SeveralDomains();
            var real = AskPython("test:///default", "test://" + path);

            var registry = new TestDriverRegistry();
            using (var ours = registry.OpenDefault())
                await CompareWithPython(real["test:///default"], ours);
            using (var ours = registry.OpenFile(path))
                await CompareWithPython(real["test://" + path], ours);
        }

        [SkippableFact]
        public void SameErrorsAsLibvirtInProcess_BadNodeFiles()
        {
            var why = PythonUnavailable();
            Skip.If(why != null, why);

            using var files = new TestNodeFiles();
            string D(string inner) => TestNodeFiles.Domain("a", inner);
            var paths = new List<string>
            {
                files.Dir + "/missing.xml",
                files.Write("rootnot.xml", "<foo/>"),
                files.Node(D("<test:runstate>abc</test:runstate>"), "rs.xml"),
                files.Node(D("<test:runstate>9</test:runstate>"), "rs9.xml"),
                files.Node(D("<test:runstate>5</test:runstate><test:transient/>"), "transoff.xml"),
                files.Node(D("<test:hasmanagedsave/>"), "msrun.xml"),
                files.Node("<domain type='test'><memory>1</memory><os><type>hvm</type></os></domain>", "noname.xml"),
                files.Node(TestNodeFiles.Domain("a", memory: "<uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1</memory>") +
                    TestNodeFiles.Domain("a"), "dupname.xml"),
                files.Node(TestNodeFiles.Domain("a", memory: "<uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1</memory>") +
                    TestNodeFiles.Domain("b", memory: "<uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1</memory>"), "dupuuid.xml"),
                files.Node("<domain file='nope.xml'/>", "badref.xml"),
                files.Write("badcpu.xml", "<node><cpu><mhz>abc</mhz></cpu></node>"),
                files.Write("badmem.xml", "<node><memory>lots</memory></node>"),
                files.Node(TestNodeFiles.Domain("a", memory: "<memory>abc</memory>"), "badmemdom.xml"),
                files.Node(TestNodeFiles.Domain("a", memory: "<memory unit='XB'>1</memory>"), "badunit.xml"),
                files.Node(TestNodeFiles.Domain("a", memory: "<memory unit='EiB'>20</memory>"), "huge.xml"),
                files.Node("<domain type='test'><name>a</name><memory>1</memory></domain>", "noos.xml"),
                files.Node("<domain><name>a</name><memory>1</memory><os><type>hvm</type></os></domain>", "notype.xml"),
                files.Node(TestNodeFiles.Domain("a", memory: "<memory>1</memory><vcpu current='3'>2</vcpu>"), "vcpu.xml"),
                files.Node(TestNodeFiles.Domain("a", memory: "<uuid>zz</uuid><memory>1</memory>"), "baduuid.xml"),
                files.Write("auth.xml", "<node><auth><user password='p'>u</user></auth></node>"),
            };
            var real = AskPython(paths.Select(p => "test://" + p).ToArray());
            foreach (var p in paths)
            {
                var r = real["test://" + p];
                Assert.True(r.TryGetProperty("openError", out var expected), "libvirt opened " + p);
                var ours = Assert.Throws<LibvirtException>(() => new TestDriverRegistry().OpenFile(p));
                AssertSameError(expected, ours);
            }
        }

        // ------------------------------------------------------------------ private libvirtd

        [SkippableFact]
        public async Task SameAsLibvirtd_VirshOverTestUnixDefault()
        {
            const string libvirtd = "/usr/sbin/libvirtd";
            const string virsh = "/usr/bin/virsh";
            Skip.If(!File.Exists(libvirtd) || !File.Exists(virsh), "libvirtd or virsh is not installed");

            using var daemon = PrivateDaemon.Start(libvirtd);
            Skip.If(daemon.Error != null, daemon.Error);
            var uri = "test+unix:///default?socket=" + daemon.Socket;

            string Virsh(params string[] args)
            {
                var (code, stdout, stderr) = Run(virsh, new[] { "-c", uri }.Concat(args), null, 20000);
                Assert.True(code == 0, "virsh " + string.Join(" ", args) + ": " + stderr);
                return stdout;
            }

            static Dictionary<string, string> Fields(string text) => text.Split('\n')
                .Where(l => l.Contains(':'))
                .ToDictionary(l => l.Substring(0, l.IndexOf(':')).Trim(), l => l.Substring(l.IndexOf(':') + 1).Trim());

            using var ours = new TestDriverRegistry().OpenDefault();
            var node = await ours.GetNodeInfoAsync(None);
            var ni = Fields(Virsh("nodeinfo"));
            Assert.Equal(node.Model, ni["CPU model"]);
            Assert.Equal(node.Cpus.ToString(), ni["CPU(s)"]);
            Assert.Equal(node.Mhz + " MHz", ni["CPU frequency"]);
            Assert.Equal(node.Sockets.ToString(), ni["CPU socket(s)"]);
            Assert.Equal(node.Cores.ToString(), ni["Core(s) per socket"]);
            Assert.Equal(node.Threads.ToString(), ni["Thread(s) per core"]);
            Assert.Equal(node.Nodes.ToString(), ni["NUMA cell(s)"]);
            Assert.Equal(node.MemoryKiB + " KiB", ni["Memory size"]);

            var d = await ours.LookupDomainByNameAsync("test", None);
            var di = Fields(Virsh("dominfo", "test"));
            Assert.Equal(d.Id.ToString(), di["Id"]);
            Assert.Equal(d.Uuid.ToString("D"), di["UUID"]);
            Assert.Equal("running", di["State"]);
            Assert.Equal(d.VCpus.ToString(), di["CPU(s)"]);
            Assert.Equal(d.MaxMemoryKiB + " KiB", di["Max memory"]);
            Assert.Equal(d.MemoryKiB + " KiB", di["Used memory"]);
            Assert.Equal(d.Persistent ? "yes" : "no", di["Persistent"]);
            Assert.Equal(d.Autostart ? "enable" : "disable", di["Autostart"]);
            Assert.Equal("running (unknown)", Virsh("domstate", "--reason", "test").Trim()); // reason 0
            Assert.Equal(0, d.StateReason);

            var version = Fields(Virsh("version"));
            Assert.Equal("TEST 0.0.2", version["Running hypervisor"]); // hypervisor version 2
            var list = Virsh("list", "--all");
            Assert.Contains(" 1    test   running", list);
            Assert.Equal(TestDefaultNode.DomainXml.TrimEnd(), Virsh("dumpxml", "--inactive", "test").TrimEnd());
        }

        /// <summary>A libvirtd with only the built-in drivers, its sockets in a temp folder, stopped by its own PID.</summary>
        private sealed class PrivateDaemon : IDisposable
        {
            private Process? _process;

            private PrivateDaemon(string dir) => Dir = dir;

            public string Dir { get; }
            public string Socket => Dir + "/run/libvirt-sock";
            public string? Error { get; private set; }

            public static PrivateDaemon Start(string libvirtd)
            {
                // short path: unix socket paths are limited to 107 bytes
                var dir = "/tmp/lvps-td-" + Guid.NewGuid().ToString("N").Substring(0, 12);
                var daemon = new PrivateDaemon(dir);
                foreach (var sub in new[] { "run", "log", "drv" }) Directory.CreateDirectory(dir + "/" + sub);
                File.WriteAllText(dir + "/libvirtd.conf",
                    "unix_sock_dir = \"" + dir + "/run\"\n" +
                    "unix_sock_ro_perms = \"0777\"\n" +
                    "unix_sock_rw_perms = \"0770\"\n" +
                    "auth_unix_ro = \"none\"\n" +
                    "auth_unix_rw = \"none\"\n" +
                    "log_outputs = \"3:file:" + dir + "/log/libvirtd.log\"\n");
                var psi = new ProcessStartInfo(libvirtd)
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                foreach (var a in new[] { "-f", dir + "/libvirtd.conf", "-p", dir + "/run/libvirtd.pid" }) psi.ArgumentList.Add(a);
                psi.Environment["LIBVIRT_DRIVER_DIR"] = dir + "/drv";
                try
                {
                    daemon._process = Process.Start(psi);
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    daemon.Error = "cannot start libvirtd: " + e.Message;
                    return daemon;
                }
                daemon._process!.OutputDataReceived += (s, e) => { };
                daemon._process.ErrorDataReceived += (s, e) => { };
                daemon._process.BeginOutputReadLine();
                daemon._process.BeginErrorReadLine();

                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (DateTime.UtcNow < deadline)
                {
                    if (daemon._process.HasExited)
                    {
                        daemon.Error = "libvirtd exited with " + daemon._process.ExitCode + " (not root?)";
                        return daemon;
                    }
                    if (File.Exists(daemon.Socket) && CanConnect(daemon.Socket)) return daemon;
                    Thread.Sleep(20);
                }
                daemon.Error = "libvirtd did not open " + daemon.Socket + " within 10 s";
                return daemon;
            }

            private static bool CanConnect(string path)
            {
                try
                {
                    using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix,
                        System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    s.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            }

            public void Dispose()
            {
                if (_process != null)
                {
                    try
                    {
                        if (!_process.HasExited)
                        {
                            _process.Kill(entireProcessTree: false); // exactly the daemon this test started
                            _process.WaitForExit(5000);
                        }
                    }
                    catch (InvalidOperationException) { }
                    _process.Dispose();
                }
                try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private sealed class TempFile : IDisposable
        {
            public TempFile(string content, string extension)
            {
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "libvirtps-" + Guid.NewGuid().ToString("N") + extension);
                File.WriteAllText(Path, content);
            }

            public string Path { get; }

            public void Dispose()
            {
                try { File.Delete(Path); } catch (IOException) { }
            }
        }
    }
}
