using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LibvirtPS.HelpBuilder;

/// <summary>Converts a docs folder: about_*.md to about_*.help.txt, every other page into one MAML file.</summary>
public static class HelpBuildRunner
{
    /// <summary>Returns the problems found (one "file: problem" each); nothing is written unless the list is empty.</summary>
    public static List<string> Run(string docsDir, string outDir, string assembly, Action<string>? log = null)
    {
        if (!Directory.Exists(docsDir))
            return new List<string> { $"{docsDir}: docs folder not found" };

        // Ordinal order keeps the MAML byte-for-byte stable between machines.
        var files = Directory.GetFiles(docsDir, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var isAbout = files.ToLookup(f => Path.GetFileName(f).StartsWith("about_", StringComparison.OrdinalIgnoreCase));

        var errors = new List<string>();
        var pages = new List<CommandHelpPage>();
        var abouts = new List<(string File, string Text)>();
        foreach (var file in files)
        {
            try
            {
                if (isAbout[true].Contains(file))
                    abouts.Add((file, AboutTopicWriter.Convert(File.ReadAllText(file), file)));
                else
                    pages.Add(PlatyPsMarkdownReader.ReadFile(file));
            }
            catch (HelpFormatException e)
            {
                errors.Add(e.Message);
            }
        }
        foreach (var dup in pages.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"{dup.Last().SourceFile}: command {dup.Key} is also described in {dup.First().SourceFile}");
        if (errors.Count > 0)
            return errors;

        Directory.CreateDirectory(outDir);
        foreach (var (file, text) in abouts)
        {
            var target = Path.Combine(outDir, AboutTopicWriter.OutputFileName(file));
            File.WriteAllText(target, text, new System.Text.UTF8Encoding(false));
            log?.Invoke($"wrote {target}");
        }
        if (pages.Count > 0)
        {
            var target = Path.Combine(outDir, assembly + "-Help.xml");
            MamlWriter.Save(pages, target);
            log?.Invoke($"wrote {target} ({pages.Count} command{(pages.Count == 1 ? "" : "s")})");
        }
        return errors;
    }
}
