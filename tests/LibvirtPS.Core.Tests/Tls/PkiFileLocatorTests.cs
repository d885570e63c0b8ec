using LibvirtPS.Core.Tls;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Tls
{
    /// <summary>TLS client file locations (libvirt-facts §5.1, <c>virNetTLSContextLocateCredentials</c>).</summary>
    public class PkiFileLocatorTests
    {
        private const string SysCa = "/etc/pki/CA/cacert.pem";
        private const string SysCrl = "/etc/pki/CA/cacrl.pem";
        private const string SysCert = "/etc/pki/libvirt/clientcert.pem";
        private const string SysKey = "/etc/pki/libvirt/private/clientkey.pem";
        private const string U = "/home/u/.pki/libvirt/";
        private const string R = "/root/.pki/libvirt/";

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void PkiPathDecidesEverything(bool root)
        {
            // no fallback and no existence check with pkipath, even when per-user files exist
            var env = root
                ? FakeEnvironment.Root(new[] { R + "cacert.pem" })
                : FakeEnvironment.User(new[] { U + "cacert.pem", U + "cacrl.pem", U + "clientcert.pem", U + "clientkey.pem" });
            var p = PkiFileLocator.Locate("/srv/pki", env);
            Assert.Equal("/srv/pki/cacert.pem", p.CACertificate);
            Assert.Equal("/srv/pki/cacrl.pem", p.Crl);
            Assert.Equal("/srv/pki/clientcert.pem", p.ClientCertificate);
            Assert.Equal("/srv/pki/clientkey.pem", p.ClientKey);
            Assert.Equal(PkiSource.PkiPath, p.CASource);
            Assert.Equal(PkiSource.PkiPath, p.CrlSource);
            Assert.Equal(PkiSource.PkiPath, p.ClientSource);
        }

        [Theory]
        [InlineData("")]
        [InlineData(R + "cacert.pem|" + R + "cacrl.pem|" + R + "clientcert.pem|" + R + "clientkey.pem")]
        [InlineData(U + "cacert.pem|" + U + "cacrl.pem|" + U + "clientcert.pem|" + U + "clientkey.pem")]
        public void RootAlwaysUsesTheSystemFiles(string files)
        {
            var p = PkiFileLocator.Locate(null, FakeEnvironment.Root(files.Split('|')));
            Assert.Equal(SysCa, p.CACertificate);
            Assert.Equal(SysCrl, p.Crl);
            Assert.Equal(SysCert, p.ClientCertificate);
            Assert.Equal(SysKey, p.ClientKey);
            Assert.Equal(PkiSource.System, p.CASource);
            Assert.Equal(PkiSource.System, p.CrlSource);
            Assert.Equal(PkiSource.System, p.ClientSource);
        }

        // non-root: each per-user file replaces the system one when it exists; cert and key only as a pair
        [Theory]
        [InlineData(new string[0], SysCa, SysCrl, SysCert, SysKey)]
        [InlineData(new[] { U + "cacert.pem" }, U + "cacert.pem", SysCrl, SysCert, SysKey)]
        [InlineData(new[] { U + "cacrl.pem" }, SysCa, U + "cacrl.pem", SysCert, SysKey)]
        [InlineData(new[] { U + "clientcert.pem" }, SysCa, SysCrl, SysCert, SysKey)]
        [InlineData(new[] { U + "clientkey.pem" }, SysCa, SysCrl, SysCert, SysKey)]
        [InlineData(new[] { U + "clientcert.pem", U + "clientkey.pem" }, SysCa, SysCrl, U + "clientcert.pem", U + "clientkey.pem")]
        [InlineData(new[] { U + "cacert.pem", U + "clientkey.pem" }, U + "cacert.pem", SysCrl, SysCert, SysKey)]
        [InlineData(new[] { U + "cacert.pem", U + "cacrl.pem", U + "clientcert.pem", U + "clientkey.pem" },
            U + "cacert.pem", U + "cacrl.pem", U + "clientcert.pem", U + "clientkey.pem")]
        // the per-user folder has no private/ subfolder
        [InlineData(new[] { U + "clientcert.pem", U + "private/clientkey.pem" }, SysCa, SysCrl, SysCert, SysKey)]
        public void NonRootPrefersPerUserFiles(string[] files, string ca, string crl, string cert, string key)
        {
            var p = PkiFileLocator.Locate(null, FakeEnvironment.User(files));
            Assert.Equal(ca, p.CACertificate);
            Assert.Equal(crl, p.Crl);
            Assert.Equal(cert, p.ClientCertificate);
            Assert.Equal(key, p.ClientKey);
            Assert.Equal(ca.StartsWith(U) ? PkiSource.PerUser : PkiSource.System, p.CASource);
            Assert.Equal(crl.StartsWith(U) ? PkiSource.PerUser : PkiSource.System, p.CrlSource);
            Assert.Equal(cert.StartsWith(U) ? PkiSource.PerUser : PkiSource.System, p.ClientSource);
        }

        [Fact]
        public void PerUserFolderIsUnderTheHomeNotXdg()
        {
            var env = FakeEnvironment.Create(false, "/srv/home/alice", new[] { "/srv/home/alice/.pki/libvirt/cacert.pem" },
                new System.Collections.Generic.Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "/x", ["HOME"] = "/elsewhere" });
            var p = PkiFileLocator.Locate(null, env);
            Assert.Equal("/srv/home/alice/.pki/libvirt/cacert.pem", p.CACertificate);
        }
    }
}
