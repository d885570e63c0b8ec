using System;
using System.IO;
using System.Linq;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Uris
{
    /// <summary>libvirt's config syntax (libvirt-facts §2.2, <c>src/util/virconf.c</c>).</summary>
    public class VirConfTests
    {
        private const string F = "/etc/libvirt/libvirt.conf";

        private static VirConf Parse(string text) => VirConf.Parse(F, text);

        private static LibvirtException Fails(string text) => Assert.Throws<LibvirtException>(() => Parse(text));

        [Theory]
        [InlineData("a = 'single'\n", "single")]
        [InlineData("a = \"double\"\n", "double")]
        [InlineData("a = \"\"\n", "")]
        [InlineData("a = ''\n", "")]
        [InlineData("a = \"it's\"\n", "it's")]
        [InlineData("a = 'say \"hi\"'\n", "say \"hi\"")]
        [InlineData("a = \"no \\n escapes\"\n", "no \\n escapes")]
        [InlineData("a = \"# not a comment\"\n", "# not a comment")]
        [InlineData("a=\"x\"\n", "x")]
        [InlineData("  a\t=\t\"x\"  \n", "x")]
        [InlineData("a = \"\"\"triple\"\"\"\n", "triple")]
        [InlineData("a = \"\"\"multi\nline\n\"\"\"\n", "multi\nline\n")]
        [InlineData("a = \"\"\"has \"quotes\" and 'x'\"\"\"\n", "has \"quotes\" and 'x'")]
        public void Strings(string text, string expected)
        {
            var v = Parse(text).Get("a");
            Assert.NotNull(v);
            Assert.Equal(VirConfValueType.String, v!.Type);
            Assert.Equal(expected, v.Text);
        }

        [Theory]
        [InlineData("n = 42\n", 42)]
        [InlineData("n = 0\n", 0)]
        [InlineData("n = -7\n", -7)]
        [InlineData("n = +3\n", 3)]
        [InlineData("n = 007\n", 7)]
        public void Integers(string text, long expected)
        {
            var v = Parse(text).Get("n")!;
            Assert.Equal(VirConfValueType.Integer, v.Type);
            Assert.Equal(expected, v.Number);
        }

        [Theory]
        [InlineData("l = [ \"a\", 'b', \"c\" ]\n", new[] { "a", "b", "c" })]
        [InlineData("l = [\"a\",\"b\",]\n", new[] { "a", "b" })]
        [InlineData("l = [\n  \"a\",\n  \"b\",\n]\n", new[] { "a", "b" })]
        [InlineData("l = [\n\n  \"a\"\n\n  ,\n  \"b\"\n]\n", new[] { "a", "b" })]
        [InlineData("l = []\n", new string[0])]
        [InlineData("l = [ ]\n", new string[0])]
        [InlineData("l = [\n]\n", new string[0])]
        [InlineData("l = [ \"only\" ]\n", new[] { "only" })]
        public void StringLists(string text, string[] expected)
        {
            var conf = Parse(text);
            var v = conf.Get("l")!;
            Assert.Equal(VirConfValueType.List, v.Type);
            Assert.Equal(expected, v.Items.Select(i => i.Text).ToArray());
            Assert.Equal(expected, conf.GetStringList("l"));
        }

        [Fact]
        public void MixedAndNestedLists()
        {
            var v = Parse("l = [ 1, \"two\", [ 3 ] ]\n").Get("l")!;
            Assert.Equal(3, v.Items.Count);
            Assert.Equal(VirConfValueType.Integer, v.Items[0].Type);
            Assert.Equal(VirConfValueType.String, v.Items[1].Type);
            Assert.Equal(VirConfValueType.List, v.Items[2].Type);
            Assert.Equal(3, v.Items[2].Items[0].Number);
        }

        [Fact]
        public void SemicolonsNewlinesAndComments()
        {
            var conf = Parse(
                "# a comment line\n" +
                "\n" +
                "a = 1; b = \"two\"   # trailing comment\n" +
                "   # indented comment\n" +
                "c = 'three';\n" +
                "d = [ \"x\" ] ;  e = 5\n");
            Assert.Equal(new[] { "a", "b", "c", "d", "e" }, conf.Entries.Select(e => e.Key).ToArray());
            Assert.Equal(1, conf.Get("a")!.Number);
            Assert.Equal("two", conf.GetString("b"));
            Assert.Equal("three", conf.GetString("c"));
            Assert.Equal(5, conf.Get("e")!.Number);
        }

        [Fact]
        public void FirstEntryWins()
        {
            var conf = Parse("uri_default = \"qemu:///system\"\nuri_default = \"qemu:///session\"\n");
            Assert.Equal("qemu:///system", conf.GetString("uri_default"));
            Assert.Equal(2, conf.Entries.Count);
        }

        [Theory]
        [InlineData("uri_default2 = 'x'\n", "uri_default2")]
        [InlineData("A_1 = 'x'\n", "A_1")]
        [InlineData("x = 'x'\n", "x")]
        public void Names(string text, string name)
        {
            Assert.Equal("x", Parse(text).GetString(name));
        }

        [Fact]
        public void NamesAreCaseSensitive()
        {
            var conf = Parse("URI_DEFAULT = \"qemu:///system\"\n");
            Assert.Null(conf.GetString("uri_default"));
            Assert.Equal("qemu:///system", conf.GetString("URI_DEFAULT"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("\n")]
        [InlineData("# only a comment\n")]
        [InlineData("# one\n\n# two\n\n")]
        public void EmptyFiles(string text)
        {
            var conf = Parse(text);
            Assert.Null(conf.Get("uri_default"));
            Assert.Empty(conf.Entries);
        }

        // syntax errors: "<file>:<line>: <message>", VIR_ERR_CONF_SYNTAX from VIR_FROM_CONF
        [Theory]
        [InlineData("1a = 1\n", 1, "expecting a name")]
        [InlineData("_a = 1\n", 1, "expecting a name")]
        [InlineData("= 1\n", 1, "expecting a name")]
        [InlineData("a-b = 1\n", 1, "expecting an assignment")]
        [InlineData("a 1\n", 1, "expecting an assignment")]
        [InlineData("a\n", 1, "expecting an assignment")]
        [InlineData("a = \n", 1, "expecting a value")]
        [InlineData("a = x\n", 1, "expecting a value")]
        [InlineData("a = true\n", 1, "expecting a value")]
        [InlineData("a = 'abc\n", 1, "unterminated string")]
        [InlineData("a = \"abc\n", 1, "unterminated string")]
        [InlineData("a = \"abc\ndef\"\n", 1, "unterminated string")]
        [InlineData("a = 1 b = 2\n", 1, "expecting a separator")]
        [InlineData("a = \"x\" \"y\"\n", 1, "expecting a separator")]
        [InlineData("a = [ 1 2 ]\n", 1, "expecting a separator in list")]
        [InlineData("a = [ \"x\" ; \"y\" ]\n", 1, "expecting a separator in list")]
        [InlineData("a = [ 1\n", 1, "list is not closed with ]")]
        [InlineData("a = [ 1,\n", 1, "expecting a value")]
        [InlineData("a = -\n", 1, "unterminated number")]
        [InlineData("a = +x\n", 1, "unterminated number")]
        [InlineData("a = 1\nb = 2\n\nc = ?\n", 4, "expecting a value")]
        [InlineData("# c\n# c\nbroken\n", 3, "expecting an assignment")]
        [InlineData("a = \"\"\"x\ny\"\"\"\nb = ?\n", 3, "expecting a value")]
        [InlineData("a = [\n 'x',\n 'y'\n 'z' ]\n", 4, "expecting a separator in list")]
        [InlineData("a = 1; b c\n", 1, "expecting an assignment")]
        public void SyntaxErrors(string text, int line, string message)
        {
            var e = Fails(text);
            Assert.Equal(LibvirtErrorCode.ConfSyntax, e.Code);
            Assert.Equal(LibvirtErrorDomain.Conf, e.Domain);
            Assert.Equal(F + ":" + line + ": " + message, e.Detail);
            Assert.Equal("configuration file syntax error: " + F + ":" + line + ": " + message, e.Message);
        }

        [Fact]
        public void GetStringOnANonString()
        {
            var conf = Parse("uri_default = 1\nl = [ 'a' ]\n");
            var e = Assert.Throws<LibvirtException>(() => conf.GetString("uri_default"));
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + F + ": expected a string for 'uri_default' parameter", e.Message);
            e = Assert.Throws<LibvirtException>(() => conf.GetString("l"));
            Assert.Equal("internal error: " + F + ": expected a string for 'l' parameter", e.Message);
            Assert.Null(conf.GetString("absent"));
        }

        [Theory]
        [InlineData("uri_aliases = \"a=qemu:///system\"\n")]
        [InlineData("uri_aliases = 5\n")]
        [InlineData("uri_aliases = [ \"a=qemu:///system\", 5 ]\n")]
        [InlineData("uri_aliases = [ [ \"a=qemu:///system\" ] ]\n")]
        public void GetStringListRejectsAnythingButAListOfStrings(string text)
        {
            var conf = Parse(text);
            var e = Assert.Throws<LibvirtException>(() => conf.GetStringList("uri_aliases"));
            Assert.Equal(LibvirtErrorCode.InternalError, e.Code);
            Assert.Equal("internal error: " + F + ": expected a string list for 'uri_aliases' parameter", e.Message);
        }

        [Fact]
        public void ReadFileAddsAMissingFinalNewline()
        {
            string path = Path.Combine(Path.GetTempPath(), "libvirtps-virconf-" + Guid.NewGuid().ToString("N") + ".conf");
            try
            {
                File.WriteAllText(path, "a = 1\nuri_default = \"qemu:///system\"");
                var conf = VirConf.ReadFile(path);
                Assert.Equal("qemu:///system", conf.GetString("uri_default"));
                Assert.Equal(path, conf.FileName);

                File.WriteAllText(path, "n = 12");
                Assert.Equal(12, VirConf.ReadFile(path).Get("n")!.Number);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void ReadFileErrorsNameTheFile()
        {
            string path = Path.Combine(Path.GetTempPath(), "libvirtps-virconf-" + Guid.NewGuid().ToString("N") + ".conf");
            try
            {
                File.WriteAllText(path, "ok = 1\nbad = \n");
                var e = Assert.Throws<LibvirtException>(() => VirConf.ReadFile(path));
                Assert.Equal("configuration file syntax error: " + path + ":2: expecting a value", e.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
