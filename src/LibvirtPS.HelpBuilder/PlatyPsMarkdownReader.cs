using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LibvirtPS.HelpBuilder;

/// <summary>Reads one platyPS (schema 2.0.0) command page into a <see cref="CommandHelpPage"/>.</summary>
public sealed class PlatyPsMarkdownReader
{
    private readonly string _file;

    private PlatyPsMarkdownReader(string file) => _file = file;

    public static CommandHelpPage ReadFile(string path) => Read(File.ReadAllText(path), path);

    /// <param name="file">Only used to name the page in errors.</param>
    public static CommandHelpPage Read(string markdown, string file) => new PlatyPsMarkdownReader(file).Read(markdown);

    /// <summary>A "## SECTION" with its leading blocks and its "### Title" subsections.</summary>
    private sealed class Section(string title)
    {
        public string Title { get; } = title;
        public List<Block> Blocks { get; } = new();
        public List<(string Title, List<Block> Blocks)> Subsections { get; } = new();
    }

    private HelpFormatException Fail(string problem) => new(_file, problem);

    private CommandHelpPage Read(string markdown)
    {
        var doc = MarkdownText.Parse(markdown);
        string? name = null;
        var sections = new List<Section>();
        foreach (var block in doc)
        {
            if (block is HeadingBlock h && h.Level <= 3)
            {
                var title = MarkdownText.Inline(h.Inline);
                if (h.Level == 1) name ??= title;
                else if (h.Level == 2) sections.Add(new Section(title));
                else if (sections.Count > 0) sections[^1].Subsections.Add((title, new List<Block>()));
                continue;
            }
            if (sections.Count == 0)
                continue; // front matter and anything before the first "##"
            var current = sections[^1];
            (current.Subsections.Count > 0 ? current.Subsections[^1].Blocks : current.Blocks).Add(block);
        }

        if (string.IsNullOrEmpty(name))
            throw Fail("missing '# Verb-Noun' heading with the command name");
        var page = new CommandHelpPage { Name = name, SourceFile = _file };
        ReadFrontMatter(doc, page);

        Section? Find(string title) =>
            sections.FirstOrDefault(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase));

        var synopsis = Find("SYNOPSIS") ?? throw Fail("missing '## SYNOPSIS' section");
        page.Synopsis = string.Join(" ", MarkdownText.Paragraphs(AllBlocks(synopsis)));
        if (Find("SYNTAX") is { } syntax) ReadSyntax(syntax, page);
        if (Find("DESCRIPTION") is { } description) page.Description.AddRange(MarkdownText.Paragraphs(AllBlocks(description)));
        if (Find("EXAMPLES") is { } examples) ReadExamples(examples, page);
        if (Find("PARAMETERS") is { } parameters) ReadParameters(parameters, page);
        if (Find("INPUTS") is { } inputs) page.Inputs.AddRange(TypeEntries(inputs));
        if (Find("OUTPUTS") is { } outputs) page.Outputs.AddRange(TypeEntries(outputs));
        if (Find("NOTES") is { } notes) page.Notes.AddRange(MarkdownText.Paragraphs(AllBlocks(notes)));
        if (Find("RELATED LINKS") is { } links) page.RelatedLinks.AddRange(ReadLinks(AllBlocks(links)));
        return page;
    }

    /// <summary>Sections that have no subsections by schema still tolerate stray ### headings: keep their text.</summary>
    private static IEnumerable<Block> AllBlocks(Section s) =>
        s.Blocks.Concat(s.Subsections.SelectMany(sub => sub.Blocks));

    private void ReadFrontMatter(MarkdownDocument doc, CommandHelpPage page)
    {
        if (MarkdownText.FrontMatterYaml(doc) is not { } yaml)
            return;
        var map = YamlMap.TryLoad(yaml, out var error) ?? throw Fail("front matter: " + error);
        foreach (var (key, value) in map)
            page.FrontMatter[key] = value;
    }

    private static void ReadSyntax(Section section, CommandHelpPage page)
    {
        foreach (var code in section.Blocks.OfType<CodeBlock>())
            page.Syntax.Add(new SyntaxBlock(null, MarkdownText.Code(code)));
        foreach (var (title, blocks) in section.Subsections)
        {
            // platyPS marks the default set as "### Name (Default)"; the yaml blocks use the bare name.
            var setName = title.EndsWith(" (Default)", StringComparison.OrdinalIgnoreCase) ? title[..^" (Default)".Length] : title;
            var code = blocks.OfType<CodeBlock>().Select(MarkdownText.Code).FirstOrDefault() ?? "";
            page.Syntax.Add(new SyntaxBlock(setName.Trim(), code));
        }
    }

    private static void ReadExamples(Section section, CommandHelpPage page)
    {
        foreach (var (title, blocks) in section.Subsections)
        {
            // Code blocks before the first remark are the example; later ones (typically output) stay in the remarks.
            var leadingCode = blocks.TakeWhile(b => b is CodeBlock).Cast<CodeBlock>().Select(MarkdownText.Code);
            var remarks = MarkdownText.Paragraphs(blocks.SkipWhile(b => b is CodeBlock));
            page.Examples.Add(new HelpExample(title, string.Join("\n\n", leadingCode), remarks));
        }
    }

    private void ReadParameters(Section section, CommandHelpPage page)
    {
        foreach (var (title, blocks) in section.Subsections)
        {
            if (string.Equals(title, "CommonParameters", StringComparison.OrdinalIgnoreCase))
                continue; // Get-Help adds the common parameters itself.
            var parameter = new HelpParameter { Name = title.TrimStart('-').Trim() };
            parameter.Description.AddRange(MarkdownText.Paragraphs(blocks.Where(b => !IsYaml(b))));
            var yamlBlocks = blocks.Where(IsYaml).Cast<FencedCodeBlock>().ToList();
            if (yamlBlocks.Count == 0)
                throw Fail($"parameter -{parameter.Name}: missing ```yaml block");
            for (var i = 0; i < yamlBlocks.Count; i++)
                MergeYaml(parameter, yamlBlocks[i], first: i == 0);
            if (page.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                throw Fail($"parameter -{parameter.Name} is described twice");
            page.Parameters.Add(parameter);
        }
    }

    private static bool IsYaml(Block b) =>
        b is FencedCodeBlock f && string.Equals(f.Info, "yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A parameter in several sets may have one yaml block per set: each block adds its sets with its own
    /// Required/Position; the set-independent keys are taken from the first block that has them.
    /// </summary>
    private void MergeYaml(HelpParameter parameter, FencedCodeBlock block, bool first)
    {
        var where = $"parameter -{parameter.Name}";
        var map = YamlMap.TryLoad(block.Lines.ToString(), out var error) ?? throw Fail($"{where}: {error}");
        string? Get(string key) => map.TryGetValue(key, out var v) && v.Trim().Length > 0 ? v.Trim() : null;

        if (Get("Type") is { } type && (first || parameter.Type.Length == 0)) parameter.Type = type;
        if (first)
        {
            if (Get("Default value") is { } def) parameter.DefaultValue = def;
            if (Get("Accept pipeline input") is { } pipe) parameter.PipelineInput = pipe;
            parameter.AcceptWildcardCharacters = Flag(Get("Accept wildcard characters"), where, "Accept wildcard characters");
        }
        if (parameter.Aliases.Count == 0) parameter.Aliases.AddRange(List(Get("Aliases")));
        if (parameter.AcceptedValues.Count == 0) parameter.AcceptedValues.AddRange(List(Get("Accepted values")));

        var required = Flag(Get("Required"), where, "Required");
        var position = Position(Get("Position"), where);
        var sets = List(Get("Parameter Sets")).DefaultIfEmpty(ParameterSetUsage.AllSets);
        foreach (var set in sets)
        {
            if (parameter.ParameterSets.Any(s => s.SetName == set))
                throw Fail($"{where}: parameter set '{set}' is listed in two yaml blocks");
            parameter.ParameterSets.Add(new ParameterSetUsage(set, required, position));
        }
    }

    /// <summary>"None" is platyPS' spelling of an empty list.</summary>
    private static IEnumerable<string> List(string? value) =>
        value is null || value.Equals("None", StringComparison.OrdinalIgnoreCase)
            ? Enumerable.Empty<string>()
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private bool Flag(string? value, string where, string key)
    {
        if (value is null) return false;
        if (bool.TryParse(value, out var b)) return b;
        throw Fail($"{where}: '{key}: {value}' is neither True nor False");
    }

    private string Position(string? value, string where)
    {
        if (value is null || value.Equals("Named", StringComparison.OrdinalIgnoreCase)) return "named";
        if (int.TryParse(value, out var n) && n >= 0) return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw Fail($"{where}: 'Position: {value}' is neither Named nor a number");
    }

    private static IEnumerable<HelpTypeEntry> TypeEntries(Section section)
    {
        // Some pages write the type as a plain paragraph instead of a ### heading.
        foreach (var text in MarkdownText.Paragraphs(section.Blocks))
            yield return new HelpTypeEntry(text, new List<string>());
        foreach (var (title, blocks) in section.Subsections)
            yield return new HelpTypeEntry(title, MarkdownText.Paragraphs(blocks));
    }

    /// <summary>One link per markdown link; a line without a link becomes a text-only link.</summary>
    private static IEnumerable<RelatedLink> ReadLinks(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            if (block is ContainerBlock container)
            {
                foreach (var link in ReadLinks(container)) yield return link;
                continue;
            }
            if (block is not ParagraphBlock { Inline: { } inlines })
                continue;
            var lineText = new List<Inline>();
            foreach (var inline in inlines.Cast<Inline?>().Append(null)) // null flushes the last line
            {
                if (inline is not (null or LineBreakInline))
                {
                    lineText.Add(inline);
                    continue;
                }
                var links = lineText.OfType<LinkInline>().Where(l => !l.IsImage).ToList();
                foreach (var link in links)
                    yield return new RelatedLink(MarkdownText.Inline(link), MarkdownText.AbsoluteUri(link.Url));
                if (links.Count == 0 && lineText.Count > 0)
                {
                    var text = MarkdownText.Inlines(lineText);
                    if (text.Length > 0) yield return new RelatedLink(text, null);
                }
                lineText.Clear();
            }
        }
    }
}
