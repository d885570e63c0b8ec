using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;
using static LibvirtPS.HelpBuilder.MamlWriter;

namespace LibvirtPS.HelpBuilder.Tests;

public class MamlWriterTests
{
    private static XElement FullCommand()
    {
        var page = PlatyPsMarkdownReader.Read(Samples.FullPage, "Get-VirtDomain.md");
        return Build(new[] { page }).Root!.Element(Command + "command")!;
    }

    private static string Attr(XElement e, string name) => (string)e.Attribute(name)!;

    private static XElement ParameterNamed(XElement parent, string name) =>
        parent.Elements(Command + "parameter").Single(p => (string)p.Element(Maml + "name")! == name);

    [Fact]
    public void RootIsAMamlHelpItemsElement()
    {
        var root = Build(new[] { PlatyPsMarkdownReader.Read(Samples.MinimalPage, "x.md") }).Root!;
        Assert.Equal(Msh + "helpItems", root.Name);
        Assert.Equal("maml", Attr(root, "schema"));
        Assert.Single(root.Elements(Command + "command"));
    }

    [Fact]
    public void DetailsHoldNameVerbNounAndSynopsis()
    {
        var details = FullCommand().Element(Command + "details")!;
        Assert.Equal("Get-VirtDomain", (string)details.Element(Command + "name")!);
        Assert.Equal("Get", (string)details.Element(Command + "verb")!);
        Assert.Equal("VirtDomain", (string)details.Element(Command + "noun")!);
        Assert.Equal("Gets libvirt domains.", (string)details.Element(Maml + "description")!.Element(Maml + "para")!);
    }

    [Fact]
    public void DescriptionHasOneParaPerParagraph()
    {
        var paras = FullCommand().Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value);
        Assert.Equal(new[] { "The Get-VirtDomain cmdlet gets domains from a libvirt connection.", "Use -All to include inactive domains." }, paras);
    }

    [Fact]
    public void SyntaxHasOneItemPerSetWithThatSetsParameters()
    {
        var items = FullCommand().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("Get-VirtDomain", (string)i.Element(Maml + "name")!));
        string[] Names(XElement item) => item.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!).ToArray();
        Assert.Equal(new[] { "Name", "State", "All" }, Names(items[0]));
        Assert.Equal(new[] { "State", "Id", "All" }, Names(items[1])); // positional State comes first

        // The two-set parameter carries each set's own Required/Position.
        Assert.Equal("false", Attr(ParameterNamed(items[0], "State"), "required"));
        Assert.Equal("named", Attr(ParameterNamed(items[0], "State"), "position"));
        Assert.Equal("true", Attr(ParameterNamed(items[1], "State"), "required"));
        Assert.Equal("1", Attr(ParameterNamed(items[1], "State"), "position"));
    }

    [Fact]
    public void SyntaxShowsNoValueForASwitchAndAValueGroupForAcceptedValues()
    {
        var item = FullCommand().Element(Command + "syntax")!.Elements(Command + "syntaxItem").First();
        Assert.Null(ParameterNamed(item, "All").Element(Command + "parameterValue"));
        var group = ParameterNamed(item, "State").Element(Command + "parameterValueGroup")!;
        Assert.Equal(new[] { "Running", "Paused" }, group.Elements(Command + "parameterValue").Select(v => v.Value));
        Assert.Equal("String[]", (string)ParameterNamed(item, "Name").Element(Command + "parameterValue")!);
    }

    [Fact]
    public void ParametersCarryPipelineGlobbingAliasesAndType()
    {
        var parameters = FullCommand().Element(Command + "parameters")!;
        Assert.Equal(4, parameters.Elements(Command + "parameter").Count()); // CommonParameters is not one
        var name = ParameterNamed(parameters, "Name");
        Assert.Equal("false", Attr(name, "required"));
        Assert.Equal("0", Attr(name, "position"));
        Assert.Equal("True (ByValue, ByPropertyName)", Attr(name, "pipelineInput"));
        Assert.Equal("true", Attr(name, "globbing"));
        Assert.Equal("DomainName, N", Attr(name, "aliases"));
        Assert.Equal("Names of the domains to get.", (string)name.Element(Maml + "description")!.Element(Maml + "para")!);
        Assert.Equal("String[]", (string)name.Element(Dev + "type")!.Element(Maml + "name")!);
        Assert.Equal("None", (string)name.Element(Dev + "defaultValue")!);

        var id = ParameterNamed(parameters, "Id");
        Assert.Equal("true", Attr(id, "required"));
        Assert.Equal("named", Attr(id, "position"));
        Assert.Equal("none", Attr(id, "aliases"));
        Assert.Equal("false", Attr(id, "globbing"));
        Assert.Equal("False", Attr(id, "pipelineInput"));

        var all = ParameterNamed(parameters, "All").Element(Command + "parameterValue")!;
        Assert.Equal("SwitchParameter", all.Value);
        Assert.Equal("false", Attr(all, "required")); // a switch takes no value
    }

    [Fact]
    public void InputsOutputsAndNotesAreWritten()
    {
        var command = FullCommand();
        var input = command.Element(Command + "inputTypes")!.Element(Command + "inputType")!;
        Assert.Equal("System.String", (string)input.Element(Dev + "type")!.Element(Maml + "name")!);
        Assert.Equal("A domain name.", input.Element(Maml + "description")!.Value);
        var outputs = command.Element(Command + "returnValues")!.Elements(Command + "returnValue");
        Assert.Equal(new[] { "LibvirtPS.VirtDomain", "System.Object" }, outputs.Select(o => (string)o.Element(Dev + "type")!.Element(Maml + "name")!));
        Assert.Equal("Needs a running libvirtd.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void ExamplesHaveTitleCodeAndRemarks()
    {
        var examples = FullCommand().Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Contains("Example 1: Get all domains", (string)examples[0].Element(Maml + "title")!);
        Assert.Equal("Get-VirtDomain -All", (string)examples[0].Element(Dev + "code")!);
        Assert.Equal("Lists every domain.", examples[0].Element(Dev + "remarks")!.Element(Maml + "para")!.Value);
        Assert.Equal(2, examples[1].Element(Dev + "remarks")!.Elements(Maml + "para").Count());
    }

    [Fact]
    public void RelatedLinksStartWithTheOnlineVersion()
    {
        var links = FullCommand().Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => ((string)l.Element(Maml + "linkText")!, (string)l.Element(Maml + "uri")!)).ToList();
        Assert.Equal(new[]
        {
            ("Online Version:", "https://example.org/Get-VirtDomain"),
            ("Start-VirtDomain", ""),
            ("libvirt domains", "https://libvirt.org/formatdomain.html"),
            ("about_LibvirtPS", ""),
        }, links);
    }

    [Fact]
    public void ACommandWithoutSetsGetsOneSyntaxItem()
    {
        var page = PlatyPsMarkdownReader.Read(Samples.MinimalPage, "x.md");
        var items = Build(new[] { page }).Root!.Descendants(Command + "syntaxItem").ToList();
        Assert.Single(items);
        Assert.Equal(new[] { AllParameterSets }, ParameterSetNames(page));
    }

    [Fact]
    public void SaveWritesUtf8XmlWithThePlatyPsPrefixes()
    {
        var path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
        try
        {
            Save(new[] { PlatyPsMarkdownReader.Read(Samples.FullPage, "Get-VirtDomain.md") }, path);
            var text = File.ReadAllText(path);
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text);
            Assert.Contains("<helpItems schema=\"maml\" xmlns=\"http://msh\">", text);
            Assert.Contains("<command:command xmlns:maml=", text);
            Assert.Contains("<dev:code>", text);
            Assert.NotNull(XDocument.Load(path).Root!.Element(Command + "command"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
