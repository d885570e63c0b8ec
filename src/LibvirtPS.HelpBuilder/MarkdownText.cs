using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LibvirtPS.HelpBuilder;

/// <summary>Turns Markdig AST nodes into the plain text that Get-Help prints (help has no markup).</summary>
internal static class MarkdownText
{
    /// <summary>Front matter must be recognised, otherwise its "---" lines parse as a heading underline.</summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, Pipeline);

    /// <summary>The YAML inside the front matter block, without its --- fences; null when the page has none.</summary>
    public static string? FrontMatterYaml(MarkdownDocument doc)
    {
        if (doc.Descendants<YamlFrontMatterBlock>().FirstOrDefault() is not { } block)
            return null;
        var lines = block.Lines.Lines.Take(block.Lines.Count).Select(l => l.ToString())
            .Where(l => l.Trim() is not ("---" or "..."));
        return string.Join("\n", lines);
    }

    /// <summary>Text of the container's children (for a link: its label, without the address).</summary>
    public static string Inline(ContainerInline? container) => Inlines(container ?? Enumerable.Empty<Inline>());

    public static string Inlines(IEnumerable<Inline> inlines)
    {
        var sb = new StringBuilder();
        foreach (var inline in inlines)
            AppendInline(sb, inline);
        return sb.ToString().Trim();
    }

    private static void AppendInline(StringBuilder sb, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline lit: sb.Append(lit.Content.ToString()); break;
            case CodeInline code: sb.Append(code.Content); break;
            case AutolinkInline auto: sb.Append(auto.Url); break;
            case LineBreakInline br: sb.Append(br.IsHard ? "\n" : " "); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            case HtmlInline html: sb.Append(html.Tag); break;
            case LinkInline link:
                var start = sb.Length;
                foreach (var child in link) AppendInline(sb, child);
                // Keep a web address visible: help text cannot be clicked.
                if (AbsoluteUri(link.Url) is { } uri && sb.ToString(start, sb.Length - start) != uri)
                    sb.Append(" (").Append(uri).Append(')');
                break;
            case ContainerInline container:
                foreach (var child in container) AppendInline(sb, child);
                break;
        }
    }

    /// <summary>The link target if it is an absolute web address; relative .md links mean nothing in help.</summary>
    public static string? AbsoluteUri(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? url : null;

    public static string Code(LeafBlock block) => block.Lines.ToString().TrimEnd();

    /// <summary>Paragraph texts of a run of blocks: one entry per paragraph, code block or list item.</summary>
    public static List<string> Paragraphs(IEnumerable<Block> blocks)
    {
        var result = new List<string>();
        foreach (var block in blocks)
            AddParagraphs(result, block);
        return result;
    }

    private static void AddParagraphs(List<string> result, Block block)
    {
        switch (block)
        {
            case ParagraphBlock p: Add(result, Inline(p.Inline)); break;
            case HeadingBlock h: Add(result, Inline(h.Inline)); break;
            case CodeBlock code: Add(result, Code(code)); break;
            case HtmlBlock html: Add(result, html.Lines.ToString().Trim()); break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var n) ? n : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var bullet = list.IsOrdered ? $"{number++}. " : "- ";
                    var texts = Paragraphs(item);
                    for (var i = 0; i < texts.Count; i++)
                        result.Add((i == 0 ? bullet : new string(' ', bullet.Length)) + texts[i]);
                }
                break;
            case ContainerBlock container:
                foreach (var child in container) AddParagraphs(result, child);
                break;
        }
    }

    private static void Add(List<string> result, string text)
    {
        if (text.Length > 0) result.Add(text);
    }
}
