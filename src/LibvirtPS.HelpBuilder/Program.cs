using System;
using System.Collections.Generic;
using System.IO;

namespace LibvirtPS.HelpBuilder;

public static class Program
{
    private const string Usage = "usage: LibvirtPS.HelpBuilder --docs <docsDir> --out <outDir> [--assembly LibvirtPS.dll]";

    /// <returns>0 on success, 1 when a page is bad (each reported as "error: file: problem"), 2 on bad arguments.</returns>
    public static int Main(string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["--docs"] = null, ["--out"] = null, ["--assembly"] = "LibvirtPS.dll",
        };
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            if (!options.ContainsKey(args[i]))
                return UsageError($"unknown argument '{args[i]}'");
            if (i + 1 >= args.Length)
                return UsageError($"{args[i]} needs a value");
            options[args[i]] = args[++i];
        }
        if (options["--docs"] is not { } docs || options["--out"] is not { } outDir)
            return UsageError("--docs and --out are required");

        List<string> errors;
        try
        {
            errors = HelpBuildRunner.Run(docs, outDir, options["--assembly"]!, Console.WriteLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file system problem is the user's to fix, not a bug: no stack trace.
            errors = new List<string> { e.Message };
        }
        foreach (var error in errors)
            Console.Error.WriteLine("error: " + error);
        return errors.Count == 0 ? 0 : 1;
    }

    private static int UsageError(string problem)
    {
        Console.Error.WriteLine("error: " + problem);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
