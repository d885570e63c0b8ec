using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace LibvirtPS.HelpBuilder;

/// <summary>Writes command pages as a MAML help file (the shape platyPS' New-ExternalHelp emits).</summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The syntax set name platyPS uses when a command has a single, unnamed parameter set.</summary>
    public const string AllParameterSets = "__AllParameterSets";

    public static XDocument Build(IEnumerable<CommandHelpPage> pages) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), pages.Select(CommandElement)));

    public static void Save(IEnumerable<CommandHelpPage> pages, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        Build(pages).Save(writer);
    }

    private static XElement CommandElement(CommandHelpPage page) =>
        new(Command + "command",
            // Declared per command, as platyPS does, so each command element stands alone.
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", page.Name),
                new XElement(Command + "verb", page.Verb),
                new XElement(Command + "noun", page.Noun),
                Description(new[] { page.Synopsis })),
            Description(page.Description),
            new XElement(Command + "syntax", SyntaxItems(page)),
            new XElement(Command + "parameters", page.Parameters.Select(p => Parameter(p, p.Required, p.Position, inSyntax: false))),
            new XElement(Command + "inputTypes", page.Inputs.Select(t => TypeEntry(Command + "inputType", t))),
            new XElement(Command + "returnValues", page.Outputs.Select(t => TypeEntry(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(page.Notes))),
            new XElement(Command + "examples", page.Examples.Select((e, i) => Example(e, i))),
            new XElement(Command + "relatedLinks", Links(page).Select(l =>
                new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", l.Text),
                    new XElement(Maml + "uri", l.Uri ?? "")))));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(Maml + "para", p));

    /// <summary>Set names in the order of the SYNTAX section, then any that only the parameters mention.</summary>
    public static List<string> ParameterSetNames(CommandHelpPage page)
    {
        var names = page.Syntax.Select(s => s.ParameterSetName).OfType<string>()
            .Concat(page.Parameters.SelectMany(p => p.ParameterSets).Where(s => !s.IsAllSets).Select(s => s.SetName))
            .Distinct().ToList();
        if (names.Count > 1)
            names.Remove(AllParameterSets); // a leftover "### __AllParameterSets" next to real sets adds nothing
        return names.Count == 0 ? new List<string> { AllParameterSets } : names;
    }

    /// <summary>One syntaxItem per set: Get-Help renders each as a syntax line, positional parameters first.</summary>
    private static IEnumerable<XElement> SyntaxItems(CommandHelpPage page)
    {
        foreach (var set in ParameterSetNames(page))
        {
            var members =
                from p in page.Parameters
                let usage = p.ParameterSets.FirstOrDefault(s => s.SetName == set) ?? p.ParameterSets.FirstOrDefault(s => s.IsAllSets)
                where usage != null
                select (Parameter: p, Usage: usage);
            var ordered = members
                .OrderBy(m => int.TryParse(m.Usage.Position, out var n) ? n : int.MaxValue)
                .Select(m => Parameter(m.Parameter, m.Usage.Required, m.Usage.Position, inSyntax: true));
            yield return new XElement(Command + "syntaxItem", new XElement(Maml + "name", page.Name), ordered);
        }
    }

    private static XElement Parameter(HelpParameter p, bool required, string position, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", Bool(required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(p.AcceptWildcardCharacters)),
            new XAttribute("pipelineInput", p.PipelineInput),
            new XAttribute("position", position),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));

        // In syntax a switch shows no value and a value list shows as {A | B}; the parameters section always names the type.
        if (inSyntax && p.AcceptedValues.Count > 0)
            element.Add(new XElement(Command + "parameterValueGroup", p.AcceptedValues.Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))));
        else if (!(inSyntax && p.IsSwitch) && p.Type.Length > 0)
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", Bool(!p.IsSwitch)), new XAttribute("variableLength", "false"), p.Type));

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", p.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", p.DefaultValue));
        return element;
    }

    private static XElement TypeEntry(XName name, HelpTypeEntry entry) =>
        new(name,
            new XElement(Dev + "type", new XElement(Maml + "name", entry.TypeName)),
            Description(entry.Description));

    private static XElement Example(HelpExample example, int index)
    {
        var title = example.Title.Length > 0 ? example.Title : $"Example {index + 1}";
        return new XElement(Command + "example",
            // Dashes as platyPS pads them: Get-Help prints the title line as is.
            new XElement(Maml + "title", $"---------- {title} ----------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));
    }

    /// <summary>Get-Help -Online opens the first link's uri, so the page's online version goes first.</summary>
    private static IEnumerable<RelatedLink> Links(CommandHelpPage page)
    {
        if (page.OnlineVersion is { } online && page.RelatedLinks.All(l => l.Uri != online))
            yield return new RelatedLink("Online Version:", online);
        foreach (var link in page.RelatedLinks)
            yield return link;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
