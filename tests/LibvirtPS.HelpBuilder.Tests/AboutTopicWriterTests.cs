using System.Linq;
using Xunit;

namespace LibvirtPS.HelpBuilder.Tests;

public class AboutTopicWriterTests
{
    private static string[] Lines() => AboutTopicWriter.Convert(Samples.AboutTopic, "about_LibvirtPS.md").Split('\n');

    [Fact]
    public void StartsWithTopicAndShortDescription()
    {
        Assert.Equal(new[]
        {
            "TOPIC",
            "    about_LibvirtPS",
            "",
            "SHORT DESCRIPTION",
            "    Explains how LibvirtPS talks to libvirt.",
            "",
            "LONG DESCRIPTION",
        }, Lines().Take(7));
    }

    [Fact]
    public void UpperCasesEveryHeadingAsASectionTitle()
    {
        var lines = Lines();
        Assert.Contains("CONNECTION URIS", lines);
        Assert.Contains("SEE ALSO", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith('#'));
    }

    [Fact]
    public void WrapsTextAt80ColumnsWithTheTextIndent()
    {
        var body = Lines().SkipWhile(l => l != "LONG DESCRIPTION").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.True(body.Count > 1);
        Assert.All(body, l => Assert.True(l.Length <= 80 && l.StartsWith("    ") && l[4] != ' ', l));
        Assert.Equal("LibvirtPS wraps the libvirt C library.", string.Join(" ", body.Select(l => l.Trim()))[..38]);
    }

    [Fact]
    public void IndentsCodeFourPastTheTextAndKeepsListBullets()
    {
        var lines = Lines();
        Assert.Contains("        Get-VirtDomain -Uri qemu:///system", lines);
        Assert.Contains("    - qemu:///system for the system daemon", lines);
        Assert.Contains("    Get-VirtDomain", lines); // a relative link keeps its text only
    }

    [Fact]
    public void SkipsTheRepeatedTopicHeadingOfTheOldTemplate()
    {
        var text = AboutTopicWriter.Convert("# About_Topic\n## about_Topic\n\n# SHORT DESCRIPTION\nShort.\n", "about_Topic.md");
        Assert.Equal("TOPIC\n    About_Topic\n\nSHORT DESCRIPTION\n    Short.\n", text);
    }

    [Fact]
    public void MissingTopicHeadingIsAnErrorNamingTheFile()
    {
        var e = Assert.Throws<HelpFormatException>(() => AboutTopicWriter.Convert("Just text.\n", "docs/about_Nothing.md"));
        Assert.StartsWith("docs/about_Nothing.md: ", e.Message);
    }

    [Fact]
    public void OutputFileNameKeepsTheTopicName()
    {
        Assert.Equal("about_LibvirtPS.help.txt", AboutTopicWriter.OutputFileName("docs/about_LibvirtPS.md"));
    }
}
