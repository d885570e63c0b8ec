using System.Collections.Generic;
using System.Linq;

namespace LibvirtPS.HelpBuilder;

/// <summary>One cmdlet's help as read from a platyPS markdown page; the MAML writer only reads this.</summary>
public sealed class CommandHelpPage
{
    public required string Name { get; init; }
    public required string SourceFile { get; init; }
    public string Synopsis { get; set; } = "";
    public Dictionary<string, string> FrontMatter { get; } = new(System.StringComparer.OrdinalIgnoreCase);
    public string? OnlineVersion => FrontMatter.TryGetValue("online version", out var v) && v.Length > 0 ? v : null;
    public List<SyntaxBlock> Syntax { get; } = new();
    public List<string> Description { get; } = new();
    public List<HelpExample> Examples { get; } = new();
    public List<HelpParameter> Parameters { get; } = new();
    public List<HelpTypeEntry> Inputs { get; } = new();
    public List<HelpTypeEntry> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<RelatedLink> RelatedLinks { get; } = new();

    /// <summary>Verb and noun as Get-Help expects them; a name without a dash has no verb.</summary>
    public string Verb => Name.Contains('-') ? Name[..Name.IndexOf('-')] : "";
    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : Name;
}

/// <summary>A SYNTAX code block; ParameterSetName is null when the page has a bare block without a ### heading.</summary>
public sealed record SyntaxBlock(string? ParameterSetName, string Code);

public sealed record HelpExample(string Title, string Code, List<string> Remarks);

public sealed record HelpTypeEntry(string TypeName, List<string> Description);

/// <summary>Uri is null for plain-text lines and for relative links, which mean nothing outside the docs folder.</summary>
public sealed record RelatedLink(string Text, string? Uri);

/// <summary>Required and position can differ per parameter set, so they are kept per set as the yaml blocks give them.</summary>
public sealed record ParameterSetUsage(string SetName, bool Required, string Position)
{
    /// <summary>platyPS writes "(All)" for a parameter that belongs to every set.</summary>
    public const string AllSets = "(All)";
    public bool IsAllSets => SetName == AllSets;
}

public sealed class HelpParameter
{
    public required string Name { get; init; }
    public List<string> Description { get; } = new();
    public string Type { get; set; } = "";
    public List<ParameterSetUsage> ParameterSets { get; } = new();
    public List<string> Aliases { get; } = new();
    public List<string> AcceptedValues { get; } = new();
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public bool AcceptWildcardCharacters { get; set; }

    /// <summary>The parameters section has one required flag: a parameter mandatory in any set is reported as required.</summary>
    public bool Required => ParameterSets.Any(s => s.Required);

    /// <summary>The parameters section has one position: the first set's (platyPS' first yaml block).</summary>
    public string Position => ParameterSets.Count > 0 ? ParameterSets[0].Position : "named";

    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
}
