using System;
using System.IO;
using Xunit;

namespace LibvirtPS.HelpBuilder.Tests;

public sealed class HelpBuildRunnerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("helpbuilder-").FullName;
    private string Docs => Path.Combine(_root, "docs");
    private string Out => Path.Combine(_root, "out");

    public HelpBuildRunnerTests() => Directory.CreateDirectory(Docs);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void WritesOneMamlFileAndOneTextFilePerAboutTopic()
    {
        File.WriteAllText(Path.Combine(Docs, "Get-VirtDomain.md"), Samples.FullPage);
        File.WriteAllText(Path.Combine(Docs, "Stop-VirtDomain.md"), Samples.MinimalPage);
        File.WriteAllText(Path.Combine(Docs, "about_LibvirtPS.md"), Samples.AboutTopic);

        Assert.Empty(HelpBuildRunner.Run(Docs, Out, "LibvirtPS.dll"));
        var maml = File.ReadAllText(Path.Combine(Out, "LibvirtPS.dll-Help.xml"));
        Assert.Contains("Get-VirtDomain", maml);
        Assert.Contains("Stop-VirtDomain", maml);
        Assert.StartsWith("TOPIC", File.ReadAllText(Path.Combine(Out, "about_LibvirtPS.help.txt")));
    }

    [Fact]
    public void ABadPageIsReportedAndNothingIsWritten()
    {
        File.WriteAllText(Path.Combine(Docs, "Get-VirtDomain.md"), Samples.FullPage);
        File.WriteAllText(Path.Combine(Docs, "Bad.md"), "# Get-Bad\n\nNo synopsis here.\n");

        var error = Assert.Single(HelpBuildRunner.Run(Docs, Out, "LibvirtPS.dll"));
        Assert.StartsWith(Path.Combine(Docs, "Bad.md") + ": missing '## SYNOPSIS'", error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void TheSameCommandInTwoPagesIsAnError()
    {
        File.WriteAllText(Path.Combine(Docs, "a.md"), Samples.MinimalPage);
        File.WriteAllText(Path.Combine(Docs, "b.md"), Samples.MinimalPage);
        Assert.Contains("also described in", Assert.Single(HelpBuildRunner.Run(Docs, Out, "LibvirtPS.dll")));
    }
}
