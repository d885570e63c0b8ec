using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>libvirt's tests/viruritest.c cases and the verified table of libvirt-facts.md §1.3.</summary>
    public class LibvirtUriTests
    {
        // viruritest replaces the query with virURIFormatParams(params) before formatting again
        private static string RoundTrip(LibvirtUri u) =>
            LibvirtUri.Format(u.Scheme, u.Server, u.User, u.Port, u.Path, UriQuery.FormatParameters(u.Parameters), u.Fragment);

        [Theory]
        [InlineData("test://example.com", "test://example.com", "test", "example.com", 0, null, null, null, null)]
        [InlineData("test://foo@example.com", "test://foo@example.com", "test", "example.com", 0, null, null, null, "foo")]
        [InlineData("test://foo:pass@example.com", "test://foo:pass@example.com", "test", "example.com", 0, null, null, null, "foo:pass")]
        [InlineData("test://example.com:123", "test://example.com:123", "test", "example.com", 123, null, null, null, null)]
        [InlineData("test://example.com:123/system?name=value#foo", "test://example.com:123/system?name=value#foo", "test", "example.com", 123, "/system", "name=value", "foo", null)]
        [InlineData("test://127.0.0.1:123/system", "test://127.0.0.1:123/system", "test", "127.0.0.1", 123, "/system", null, null, null)]
        [InlineData("test://[::1]:123/system", "test://[::1]:123/system", "test", "::1", 123, "/system", null, null, null)]
        [InlineData("test://[2001:41c8:1:4fd4::2]:123/system", "test://[2001:41c8:1:4fd4::2]:123/system", "test", "2001:41c8:1:4fd4::2", 123, "/system", null, null, null)]
        [InlineData("gluster+rdma://example.com:1234/gv0/vol.img", "gluster+rdma://example.com:1234/gv0/vol.img", "gluster+rdma", "example.com", 1234, "/gv0/vol.img", null, null, null)]
        [InlineData("spice://[3ffe::104]:5900/?tlsSubject=C=XX,L=Testtown,O=Test%20Company,CN=tester.test",
            "spice://[3ffe::104]:5900/?tlsSubject=C%3DXX%2CL%3DTesttown%2CO%3DTest%20Company%2CCN%3Dtester.test",
            "spice", "3ffe::104", 5900, "/", "tlsSubject=C=XX,L=Testtown,O=Test%20Company,CN=tester.test", null, null)]
        public void ViruritestCases(string input, string output, string scheme, string server, int port, string? path,
            string? query, string? fragment, string? user)
        {
            var u = LibvirtUri.Parse(input);
            Assert.Equal(scheme, u.Scheme);
            Assert.Equal(server, u.Server);
            Assert.Equal(port, u.Port);
            Assert.Equal(path, u.Path);
            Assert.Equal(query, u.Query);
            Assert.Equal(fragment, u.Fragment);
            Assert.Equal(user, u.User);
            Assert.Equal(output, RoundTrip(u));
        }

        [Fact]
        public void SpiceParameterIsDecoded()
        {
            var u = LibvirtUri.Parse("spice://[3ffe::104]:5900/?tlsSubject=C=XX,L=Testtown,O=Test%20Company,CN=tester.test");
            var p = Assert.Single(u.Parameters);
            Assert.Equal("tlsSubject", p.Name);
            Assert.Equal("C=XX,L=Testtown,O=Test Company,CN=tester.test", p.Value);
        }

        [Theory]
        [InlineData("foo=one&bar=two", "", "foo=one|bar=two")]
        [InlineData("foo=one&foo=two", "", "foo=one|foo=two")]
        [InlineData("foo=one&&foo=two", "foo=one&foo=two", "foo=one|foo=two")]
        [InlineData("foo=one;foo=two", "foo=one&foo=two", "foo=one|foo=two")]
        [InlineData("foo=%26one&bar=%26two", "", "foo=&one|bar=&two")]
        [InlineData("foo", "foo=", "foo=")]
        [InlineData("foo=", "", "foo=")]
        [InlineData("foo=&", "foo=", "foo=")]
        [InlineData("foo=&&", "foo=", "foo=")]
        [InlineData("foo=one%20two", "", "foo=one two")]
        [InlineData("=bogus&foo=one", "foo=one", "foo=one")]
        public void ViruritestParameterCases(string queryIn, string queryOut, string expected)
        {
            string input = "test://example.com/?" + queryIn;
            var u = LibvirtUri.Parse(input);
            Assert.Equal("test", u.Scheme);
            Assert.Equal("example.com", u.Server);
            Assert.Equal("/", u.Path);
            Assert.Equal(queryIn, u.Query);
            Assert.Equal(expected, string.Join("|", u.Parameters.Select(p => p.Name + "=" + p.Value)));
            Assert.Equal(queryOut.Length == 0 ? input : "test://example.com/?" + queryOut, RoundTrip(u));
        }

        [Theory]
        [InlineData("test://example.com", "test://example.com")]
        [InlineData("qemu:///system", "qemu:///system")]
        [InlineData("qemu://", "qemu://")]
        [InlineData("qemu+ssh://u%40x@h/system", "qemu+ssh://u%40x@h/system")]
        [InlineData("qemu+ssh://host:0/system", "qemu+ssh://host/system")]
        [InlineData("qemu+ssh://host/system?foo=a+b", "qemu+ssh://host/system?foo=a%2Bb")]
        [InlineData("qemu+ssh://host/system?a=%41%42", "qemu+ssh://host/system?a=AB")]
        [InlineData("qemu+ssh://host/system?a=1&&b", "qemu+ssh://host/system?a=1&b=")]
        [InlineData("qemu+ssh://host/system?v=it's", "qemu+ssh://host/system?v=it%27s")]
        [InlineData("qemu:///my%20path", "qemu:///my%20path")]
        [InlineData("qemu:system", "qemu://system")]
        public void FactsFormattingTable(string input, string output)
        {
            Assert.Equal(output, RoundTrip(LibvirtUri.Parse(input)));
        }

        [Fact]
        public void UserAndPathAreDecodedQueryKeptRaw()
        {
            var u = LibvirtUri.Parse("qemu+ssh://u%40x@h/sys%2Ftem?a=%41#fr%20ag");
            Assert.Equal("u@x", u.User);
            Assert.Equal("/sys/tem", u.Path);
            Assert.Equal("a=%41", u.Query);
            Assert.Equal("fr ag", u.Fragment);
        }

        [Fact]
        public void SchemeCaseIsKept()
        {
            Assert.Equal("QEMU+SSH", LibvirtUri.Parse("QEMU+SSH://h/system").Scheme);
        }

        [Fact]
        public void IPv6ZoneIsDecodedAndNotReEscaped()
        {
            var u = LibvirtUri.Parse("qemu+tcp://[fe80::1%25eth0]:5/system");
            Assert.Equal("fe80::1%eth0", u.Server);
            Assert.Equal("qemu+tcp://[fe80::1%eth0]:5/system", u.Format());
        }

        [Fact]
        public void BareWordIsAPath()
        {
            var u = LibvirtUri.Parse("hail");
            Assert.Null(u.Scheme);
            Assert.Equal("hail", u.Path);
        }

        [Fact]
        public void LargePortIsAcceptedLikeLibxml2()
        {
            Assert.Equal(99999, LibvirtUri.Parse("qemu+tcp://h:99999/system").Port);
        }

        [Fact]
        public void NoServerMeansPortZero()
        {
            Assert.Equal(0, LibvirtUri.Parse("qemu:///system").Port);
        }

        [Theory]
        [InlineData("qemu+ssh://host:/system")]
        [InlineData("qemu:///my path")]
        [InlineData("qemu:///bad%zz")]
        [InlineData("qemu+ssh://fe80::1/system")]
        [InlineData("qemu:///system?a=[x]")]
        public void ParseErrorsAsLibvirt(string input)
        {
            var e = Assert.Throws<LibvirtException>(() => LibvirtUri.Parse(input));
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal(LibvirtErrorDomain.Uri, e.Domain);
            Assert.Equal("internal error: Unable to parse URI " + input, e.Message);
        }

        [Fact]
        public void ValuesAreEscapedWithUpperCaseHexPerUtf8Byte()
        {
            Assert.Equal("x=%C3%A9-._~%20", UriQuery.FormatParameters(new[] { new UriParameter("x", "é-._~ ") }));
        }

        [Fact]
        public void SemicolonOnlySeparatesWhenNoAmpersandRemains()
        {
            var ps = UriQuery.ParseParameters("foo=a;b&c=d");
            Assert.Equal(new[] { "foo=a;b", "c=d" }, ps.Select(p => p.ToString()));
        }

        [Fact]
        public void LoneEqualsGivesEmptyNameAsLibvirtCodeOrderDoes()
        {
            var p = Assert.Single(UriQuery.ParseParameters("="));
            Assert.Equal("", p.Name);
            Assert.Equal("", p.Value);
        }
    }
}
