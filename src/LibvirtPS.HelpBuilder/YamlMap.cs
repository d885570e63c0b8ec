using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LibvirtPS.HelpBuilder;

/// <summary>Loads the flat "Key: value" YAML that platyPS uses (front matter, parameter blocks) as strings.</summary>
internal static class YamlMap
{
    /// <summary>Returns null (message in <paramref name="error"/>) instead of throwing so callers can name file and block.</summary>
    public static Dictionary<string, string>? TryLoad(string yaml, out string error)
    {
        error = "";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception e) when (e is YamlException or ArgumentException)
        {
            // Duplicate keys surface as ArgumentException from the mapping node.
            error = "invalid YAML: " + e.Message;
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count == 0)
            return map;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            error = "YAML is not a list of 'Key: value' lines";
            return null;
        }
        foreach (var (key, value) in root.Children)
        {
            if (key is not YamlScalarNode k || ToText(value) is not { } text)
            {
                error = $"YAML key '{key}' has a nested value; only plain values and lists are supported";
                return null;
            }
            map[k.Value ?? ""] = text;
        }
        return map;
    }

    private static string? ToText(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        // A YAML list is written back the way platyPS spells lists: comma separated.
        YamlSequenceNode seq => seq.Children.All(c => c is YamlScalarNode)
            ? string.Join(", ", seq.Children.Select(c => ((YamlScalarNode)c).Value))
            : null,
        _ => null,
    };
}
