using System.Linq;
using LibvirtPS.Core.Uris;
using Xunit;
using static LibvirtPS.Core.Tests.Uris.PlannerTestSupport;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>TLS plans: PKI files (libvirt-facts §5.1), tls_priority, no_verify/no_sanity (§1.6).</summary>
    public class ConnectionPlannerTlsTests
    {
        private const string U = "/home/u/.pki/libvirt/";

        [Theory]
        [InlineData(true, "qemu+tls://h/system?pkipath=/p", new string[0],
            "/p/cacert.pem", "/p/cacrl.pem", "/p/clientcert.pem", "/p/clientkey.pem")]
        [InlineData(false, "qemu://h/system?PKIPATH=/my%20pki", new string[0],
            "/my pki/cacert.pem", "/my pki/cacrl.pem", "/my pki/clientcert.pem", "/my pki/clientkey.pem")]
        [InlineData(true, "qemu+tls://h/system", new[] { "/root/.pki/libvirt/cacert.pem" },
            "/etc/pki/CA/cacert.pem", "/etc/pki/CA/cacrl.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem")]
        [InlineData(false, "qemu+tls://h/system", new string[0],
            "/etc/pki/CA/cacert.pem", "/etc/pki/CA/cacrl.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem")]
        [InlineData(false, "qemu+tls://h/system", new[] { U + "cacert.pem" },
            U + "cacert.pem", "/etc/pki/CA/cacrl.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem")]
        [InlineData(false, "qemu+tls://h/system", new[] { U + "cacrl.pem" },
            "/etc/pki/CA/cacert.pem", U + "cacrl.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem")]
        [InlineData(false, "qemu+tls://h/system", new[] { U + "clientcert.pem" },
            "/etc/pki/CA/cacert.pem", "/etc/pki/CA/cacrl.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem")]
        [InlineData(false, "qemu+tls://h/system", new[] { U + "clientkey.pem" },
            "/etc/pki/CA/cacert.pem", "/etc/pki/CA/cacrl.pem", "/etc/pki/libvirt/clientcert.pem", "/etc/pki/libvirt/private/clientkey.pem")]
        [InlineData(false, "qemu+tls://h/system", new[] { U + "clientcert.pem", U + "clientkey.pem" },
            "/etc/pki/CA/cacert.pem", "/etc/pki/CA/cacrl.pem", U + "clientcert.pem", U + "clientkey.pem")]
        public void PkiFiles(bool root, string uri, string[] files, string ca, string crl, string cert, string key)
        {
            var plan = Plan(uri, Env(root, null, files));
            Assert.Equal(LibvirtTransport.Tls, plan.Transport);
            Assert.NotNull(plan.Pki);
            Assert.Equal(ca, plan.Pki!.CACertificate);
            Assert.Equal(crl, plan.Pki.Crl);
            Assert.Equal(cert, plan.Pki.ClientCertificate);
            Assert.Equal(key, plan.Pki.ClientKey);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Theory]
        [InlineData("qemu+tcp://h/system?pkipath=/p")]
        [InlineData("qemu+ssh://h/system?pkipath=/p")]
        [InlineData("qemu:///system?pkipath=/p")]
        public void OnlyTlsHasPkiFiles(string uri)
        {
            var plan = PlanAsRoot(uri);
            Assert.Null(plan.Pki);
            Assert.Null(plan.TlsPriority);
            Assert.DoesNotContain("pkipath", plan.RemoteName!);
        }

        [Fact]
        public void TlsPriorityDefaultsToNormal()
        {
            Assert.Equal("NORMAL", PlanAsUser("qemu+tls://h/system").TlsPriority);
        }

        [Fact]
        public void TlsPriorityFromTheUri()
        {
            var plan = PlanAsUser("qemu+tls://h/system?tls_priority=NORMAL:-VERS-TLS1.3");
            Assert.Equal("NORMAL:-VERS-TLS1.3", plan.TlsPriority);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Fact]
        public void TlsPriorityFromLibvirtConf()
        {
            using var cfg = new TempConfigFile("tls_priority = \"SECURE256\"\n");
            Assert.Equal("SECURE256", cfg.Plan("qemu+tls://h/system").TlsPriority);
        }

        [Fact]
        public void UriTlsPriorityWinsOverLibvirtConf()
        {
            using var cfg = new TempConfigFile("tls_priority = \"SECURE256\"\n");
            Assert.Equal("PERFORMANCE", cfg.Plan("qemu+tls://h/system?TLS_Priority=PERFORMANCE").TlsPriority);
        }

        [Fact]
        public void TlsPriorityNotAStringFailsOnlyForTls()
        {
            using var cfg = new TempConfigFile("tls_priority = 5\n");
            Assert.Equal("qemu:///system", cfg.Plan("qemu+tcp://h/system").RemoteName);
            var e = cfg.PlanFails("qemu+tls://h/system");
            Assert.Equal("internal error: " + cfg.Path + ": expected a string for 'tls_priority' parameter", e.Message);
        }

        [Theory]
        [InlineData("", false, false)]
        [InlineData("?no_verify=1", true, false)]
        [InlineData("?no_sanity=1", false, true)]
        [InlineData("?no_verify=1&no_sanity=1", true, true)]
        [InlineData("?no_verify=0&no_sanity=0", false, false)]
        public void VerifyAndSanityFlags(string query, bool noVerify, bool noSanity)
        {
            var plan = PlanAsRoot("qemu+tls://h/system" + query);
            Assert.Equal(noVerify, plan.NoVerify);
            Assert.Equal(noSanity, plan.NoSanity);
            Assert.Equal("qemu:///system", plan.RemoteName);
        }

        [Fact]
        public void EffectiveParametersShowOrigins()
        {
            using var cfg = new TempConfigFile("tls_priority = \"SECURE256\"\n");
            var plan = cfg.Plan("qemu+tls://h/system?pkipath=/p");
            var byName = plan.Parameters.ToDictionary(p => p.Name);
            Assert.Equal(ParameterOrigin.Uri, byName["pkipath"].Origin);
            Assert.Equal(ParameterOrigin.ConfigFile, byName["tls_priority"].Origin);
            Assert.Equal("SECURE256", byName["tls_priority"].Value);
            Assert.Equal(ParameterOrigin.Default, byName["no_verify"].Origin);
        }
    }
}
