using LibvirtPS.Core.Ssh;
using Xunit;

namespace LibvirtPS.Core.Tests.Ssh
{
    /// <summary><c>virBufferEscapeShell</c> and the client's double escaping (libvirt-facts §4.3).</summary>
    public class ShellEscapeTests
    {
        [Theory]
        [InlineData("", "''")]
        [InlineData("nc", "nc")]
        [InlineData("/usr/bin/nc", "/usr/bin/nc")]
        [InlineData("qemu:///system", "qemu:///system")]
        // characters outside the special set are copied unchanged
        [InlineData("a%2Bb=c,d.e@f+g-h_i:j/k", "a%2Bb=c,d.e@f+g-h_i:j/k")]
        [InlineData("é", "é")]
        [InlineData("n c", "'n c'")]
        [InlineData("it's", "'it'\\''s'")]
        [InlineData("'", "''\\'''")]
        [InlineData("n\"c", "'n\"c'")]
        [InlineData("qemu:///system?foo=bar%20baz&x=a%2Bb", "'qemu:///system?foo=bar%20baz&x=a%2Bb'")]
        public void Escape(string input, string expected)
        {
            Assert.Equal(expected, ShellEscape.Escape(input));
        }

        [Theory]
        [InlineData('\r')]
        [InlineData('\t')]
        [InlineData('\n')]
        [InlineData(' ')]
        [InlineData('!')]
        [InlineData('"')]
        [InlineData('#')]
        [InlineData('$')]
        [InlineData('&')]
        [InlineData('(')]
        [InlineData(')')]
        [InlineData('*')]
        [InlineData(';')]
        [InlineData('<')]
        [InlineData('>')]
        [InlineData('?')]
        [InlineData('[')]
        [InlineData('\\')]
        [InlineData(']')]
        [InlineData('^')]
        [InlineData('`')]
        [InlineData('{')]
        [InlineData('|')]
        [InlineData('}')]
        [InlineData('~')]
        public void EverySpecialCharacterQuotes(char c)
        {
            string s = "a" + c + "b";
            Assert.Equal("'" + s + "'", ShellEscape.Escape(s));
        }

        [Theory]
        [InlineData('%')]
        [InlineData('=')]
        [InlineData(',')]
        [InlineData('.')]
        [InlineData(':')]
        [InlineData('/')]
        [InlineData('@')]
        [InlineData('+')]
        [InlineData('-')]
        [InlineData('_')]
        public void OrdinaryCharactersDoNotQuote(char c)
        {
            string s = "a" + c + "b";
            Assert.Equal(s, ShellEscape.Escape(s));
        }

        // §4.3: escaped twice, then wrapped in '…' by the command template
        [Theory]
        [InlineData("qemu:///system?foo=bar%20baz&x=a%2Bb", "'''\\''qemu:///system?foo=bar%20baz&x=a%2Bb'\\''''")]
        [InlineData("", "'''\\'''\\''''")]
        [InlineData("n c", "'''\\''n c'\\''''")]
        [InlineData("n'c", "'''\\''n'\\''\\'\\'''\\''c'\\''''")]
        [InlineData("n\"c", "'''\\''n\"c'\\''''")]
        [InlineData("nc", "'nc'")]
        [InlineData("qemu:///session", "'qemu:///session'")]
        public void DoubleEscapeAsTheTemplateShowsIt(string input, string quotedToken)
        {
            Assert.Equal(quotedToken, "'" + ShellEscape.DoubleEscape(input) + "'");
        }

        [Fact]
        public void DoubleEscapeIsEscapeTwice()
        {
            foreach (var s in new[] { "", "x", "a b", "it's", "$(rm -rf /)" })
            {
                Assert.Equal(ShellEscape.Escape(ShellEscape.Escape(s)), ShellEscape.DoubleEscape(s));
            }
        }
    }
}
