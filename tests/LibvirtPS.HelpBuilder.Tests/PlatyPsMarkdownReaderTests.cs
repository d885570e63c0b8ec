using System.Linq;
using Xunit;

namespace LibvirtPS.HelpBuilder.Tests;

public class PlatyPsMarkdownReaderTests
{
    private static CommandHelpPage Full() => PlatyPsMarkdownReader.Read(Samples.FullPage, "Get-VirtDomain.md");

    [Fact]
    public void ReadsNameSynopsisAndFrontMatter()
    {
        var page = Full();
        Assert.Equal("Get-VirtDomain", page.Name);
        Assert.Equal("Get", page.Verb);
        Assert.Equal("VirtDomain", page.Noun);
        Assert.Equal("Gets libvirt domains.", page.Synopsis);
        Assert.Equal("https://example.org/Get-VirtDomain", page.OnlineVersion);
        Assert.Equal("LibvirtPS", page.FrontMatter["Module Name"]);
    }

    [Fact]
    public void ReadsSyntaxSetsWithoutTheDefaultMarker()
    {
        var page = Full();
        Assert.Equal(new[] { "ByName", "ById" }, page.Syntax.Select(s => s.ParameterSetName));
        Assert.StartsWith("Get-VirtDomain -Id <Int32>", page.Syntax[1].Code);
    }

    [Fact]
    public void ReadsADescriptionAsPlainTextParagraphs()
    {
        var page = Full();
        Assert.Equal(new[]
        {
            "The Get-VirtDomain cmdlet gets domains from a libvirt connection.",
            "Use -All to include inactive domains.",
        }, page.Description);
    }

    [Fact]
    public void ReadsTwoExamplesAndKeepsLaterCodeInTheRemarks()
    {
        var page = Full();
        Assert.Equal(2, page.Examples.Count);
        Assert.Equal("Example 1: Get all domains", page.Examples[0].Title);
        Assert.Equal("Get-VirtDomain -All", page.Examples[0].Code);
        Assert.Equal(new[] { "Lists every domain." }, page.Examples[0].Remarks);
        Assert.Equal("Get-VirtDomain -Name web*", page.Examples[1].Code);
        Assert.Equal("Wildcards are allowed.", page.Examples[1].Remarks[0]);
        Assert.Contains("web1  Running", page.Examples[1].Remarks[1]);
    }

    [Fact]
    public void ReadsParameterYamlAndSkipsCommonParameters()
    {
        var page = Full();
        Assert.Equal(new[] { "Name", "Id", "State", "All" }, page.Parameters.Select(p => p.Name));
        var name = page.Parameters[0];
        Assert.Equal(new[] { "Names of the domains to get." }, name.Description);
        Assert.Equal("String[]", name.Type);
        Assert.Equal(new[] { "DomainName", "N" }, name.Aliases);
        Assert.Equal("True (ByValue, ByPropertyName)", name.PipelineInput);
        Assert.True(name.AcceptWildcardCharacters);
        Assert.False(name.Required);
        Assert.Equal("0", name.Position);
        Assert.Equal("None", name.DefaultValue);
        Assert.Empty(page.Parameters[1].Aliases);
        Assert.True(page.Parameters[1].Required);
    }

    [Fact]
    public void MergesTheYamlBlocksOfAParameterInTwoSets()
    {
        var state = Full().Parameters.Single(p => p.Name == "State");
        Assert.Equal(new[]
        {
            new ParameterSetUsage("ByName", false, "named"),
            new ParameterSetUsage("ById", true, "1"),
        }, state.ParameterSets);
        Assert.Equal(new[] { "Running", "Paused" }, state.AcceptedValues);
        Assert.True(state.Required); // required in one of its sets
    }

    [Fact]
    public void ReadsASwitchInAllSets()
    {
        var all = Full().Parameters.Single(p => p.Name == "All");
        Assert.True(all.IsSwitch);
        Assert.Equal("False", all.DefaultValue);
        Assert.True(all.ParameterSets.Single().IsAllSets);
    }

    [Fact]
    public void ReadsInputsOutputsAndNotes()
    {
        var page = Full();
        Assert.Equal("System.String", page.Inputs.Single().TypeName);
        Assert.Equal(new[] { "A domain name." }, page.Inputs.Single().Description);
        Assert.Equal(new[] { "LibvirtPS.VirtDomain", "System.Object" }, page.Outputs.Select(o => o.TypeName));
        Assert.Empty(page.Outputs[1].Description);
        Assert.Equal(new[] { "Needs a running libvirtd." }, page.Notes);
    }

    [Fact]
    public void ReadsRelatedLinksKeepingOnlyWebAddresses()
    {
        Assert.Equal(new[]
        {
            new RelatedLink("Start-VirtDomain", null),
            new RelatedLink("libvirt domains", "https://libvirt.org/formatdomain.html"),
            new RelatedLink("about_LibvirtPS", null),
        }, Full().RelatedLinks);
    }

    [Fact]
    public void AcceptsAPageWithOnlyNameAndSynopsis()
    {
        var page = PlatyPsMarkdownReader.Read(Samples.MinimalPage, "Stop-VirtDomain.md");
        Assert.Equal("Stops a domain.", page.Synopsis);
        Assert.Empty(page.Parameters);
        Assert.Null(page.OnlineVersion);
    }

    [Fact]
    public void ReadsABareSyntaxBlockWithoutSetHeading()
    {
        var page = PlatyPsMarkdownReader.Read(Samples.MinimalPage + "\n\n## SYNTAX\n\n```\nStop-VirtDomain\n```\n", "x.md");
        Assert.Equal(new SyntaxBlock(null, "Stop-VirtDomain"), page.Syntax.Single());
    }

    [Fact]
    public void MissingSynopsisIsAnErrorNamingTheFile()
    {
        var e = Assert.Throws<HelpFormatException>(() =>
            PlatyPsMarkdownReader.Read("# Get-Thing\n\n## DESCRIPTION\nText.\n", "docs/Get-Thing.md"));
        Assert.Equal("docs/Get-Thing.md", e.File);
        Assert.StartsWith("docs/Get-Thing.md: ", e.Message);
        Assert.Contains("SYNOPSIS", e.Message);
    }

    [Fact]
    public void MissingNameHeadingIsAnErrorNamingTheFile()
    {
        var e = Assert.Throws<HelpFormatException>(() =>
            PlatyPsMarkdownReader.Read("## SYNOPSIS\nText.\n", "docs/Nameless.md"));
        Assert.Equal("docs/Nameless.md", e.File);
        Assert.Contains("# Verb-Noun", e.Problem);
    }

    [Theory]
    [InlineData("Type: String\nRequired: maybe", "Required: maybe")]
    [InlineData("Type: String\nPosition: first", "Position: first")]
    [InlineData("Type: [String", "invalid YAML")]
    public void BadParameterYamlIsAnErrorNamingFileAndParameter(string yaml, string expected)
    {
        var markdown = Samples.MinimalPage + $"\n\n## PARAMETERS\n\n### -Name\nText.\n\n```yaml\n{yaml}\n```\n";
        var e = Assert.Throws<HelpFormatException>(() => PlatyPsMarkdownReader.Read(markdown, "Stop-VirtDomain.md"));
        Assert.StartsWith("Stop-VirtDomain.md: parameter -Name: ", e.Message);
        Assert.Contains(expected, e.Problem);
    }

    [Fact]
    public void ParameterWithoutYamlIsAnError()
    {
        var markdown = Samples.MinimalPage + "\n\n## PARAMETERS\n\n### -Name\nText.\n";
        var e = Assert.Throws<HelpFormatException>(() => PlatyPsMarkdownReader.Read(markdown, "Stop-VirtDomain.md"));
        Assert.Contains("-Name: missing ```yaml block", e.Message);
    }
}
