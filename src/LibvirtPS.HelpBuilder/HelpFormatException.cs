using System;

namespace LibvirtPS.HelpBuilder;

/// <summary>A page that cannot be converted; the CLI prints Message as "error: &lt;file&gt;: &lt;problem&gt;".</summary>
public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, string problem) : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    public string File { get; }
    public string Problem { get; }
}
