using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace LibvirtPS.HelpBuilder;

/// <summary>
/// Converts docs/about_*.md into the plain-text about_*.help.txt that Get-Help shows verbatim:
/// headings become upper-case titles at column 0, text is indented by 4 and wrapped at 80 columns,
/// code is indented 4 more than the text so it stands out.
/// </summary>
public static class AboutTopicWriter
{
    public const int Width = 80;
    private const int TextIndent = 4;

    /// <summary>about_X.md -> about_X.help.txt: Get-Help finds about topics by file name.</summary>
    public static string OutputFileName(string markdownPath) => Path.GetFileNameWithoutExtension(markdownPath) + ".help.txt";

    public static void ConvertFile(string markdownPath, string outDir) =>
        File.WriteAllText(Path.Combine(outDir, OutputFileName(markdownPath)),
            Convert(File.ReadAllText(markdownPath), markdownPath), new UTF8Encoding(false));

    /// <param name="file">Only used to name the page in errors.</param>
    public static string Convert(string markdown, string file)
    {
        var doc = MarkdownText.Parse(markdown);
        var topic = doc.OfType<HeadingBlock>().Where(h => h.Level == 1).Select(h => MarkdownText.Inline(h.Inline)).FirstOrDefault();
        if (string.IsNullOrEmpty(topic) && MarkdownText.FrontMatterYaml(doc) is { } yaml)
            topic = YamlMap.TryLoad(yaml, out _)?.GetValueOrDefault("title");
        if (string.IsNullOrEmpty(topic))
            throw new HelpFormatException(file, "missing '# about_Name' heading with the topic name");

        var lines = new List<string> { "TOPIC", Indent(TextIndent) + topic };
        var seenTopic = false;
        foreach (var block in doc)
        {
            switch (block)
            {
                // The first "# about_X" is the TOPIC; older platyPS templates repeat it as "## about_X".
                case HeadingBlock h when !seenTopic && h.Level == 1 || IsTopicRepeat(block, topic):
                    seenTopic = true;
                    break;
                case HeadingBlock h:
                    lines.Add("");
                    lines.Add(MarkdownText.Inline(h.Inline).ToUpperInvariant());
                    break;
                default:
                    if (Render(block, TextIndent) is { Count: > 0 } body)
                    {
                        if (lines[^1].Length > 0 && !IsTitle(lines)) lines.Add("");
                        lines.AddRange(body);
                    }
                    break;
            }
        }
        return string.Join("\n", lines.Select(l => l.TrimEnd())) + "\n";
    }

    private static bool IsTopicRepeat(Block block, string topic) =>
        block is HeadingBlock h && string.Equals(MarkdownText.Inline(h.Inline), topic, StringComparison.OrdinalIgnoreCase);

    /// <summary>Body text goes right under its title; between blocks of one section there is a blank line.</summary>
    private static bool IsTitle(List<string> lines) => lines[^1].Length > 0 && !lines[^1].StartsWith(' ');

    private static List<string> Render(Block block, int indent)
    {
        var lines = new List<string>();
        switch (block)
        {
            case YamlFrontMatterBlock:
                break; // metadata, not text (and a CodeBlock subclass, so it must come first)
            case ParagraphBlock p:
                lines.AddRange(Wrap(MarkdownText.Inline(p.Inline), indent, indent));
                break;
            case CodeBlock code:
                lines.AddRange(MarkdownText.Code(code).Split('\n').Select(l => Indent(indent + 4) + l));
                break;
            case HtmlBlock html:
                lines.AddRange(html.Lines.ToString().Split('\n').Select(l => Indent(indent) + l));
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var n) ? n : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var bullet = list.IsOrdered ? $"{number++}. " : "- ";
                    var itemLines = item.SelectMany((b, i) =>
                        (i == 0 ? Array.Empty<string>() : new[] { "" }).Concat(Render(b, indent + bullet.Length))).ToList();
                    if (itemLines.Count > 0) // the bullet replaces the first line's hanging indent
                        itemLines[0] = Indent(indent) + bullet + itemLines[0].TrimStart();
                    lines.AddRange(itemLines);
                }
                break;
            case QuoteBlock quote:
                lines.AddRange(quote.SelectMany(b => Render(b, indent + 4)));
                break;
            case ContainerBlock container:
                lines.AddRange(container.SelectMany(b => Render(b, indent)));
                break;
        }
        return lines;
    }

    /// <summary>Greedy word wrap; hard line breaks in the markdown are kept.</summary>
    private static IEnumerable<string> Wrap(string text, int firstIndent, int indent)
    {
        var current = new StringBuilder(Indent(firstIndent));
        var lineStart = true;
        foreach (var hardLine in text.Split('\n'))
        {
            foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!lineStart && current.Length + 1 + word.Length > Width)
                {
                    yield return current.ToString();
                    current.Clear().Append(Indent(indent));
                    lineStart = true;
                }
                if (!lineStart) current.Append(' ');
                current.Append(word);
                lineStart = false;
            }
            yield return current.ToString();
            current.Clear().Append(Indent(indent));
            lineStart = true;
        }
    }

    private static string Indent(int n) => new(' ', n);
}
