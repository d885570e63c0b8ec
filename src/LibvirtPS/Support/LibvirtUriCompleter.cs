using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion for -Uri: the aliases of the client libvirt.conf, the default URI and common URIs.</summary>
    public sealed class LibvirtUriCompleter : IArgumentCompleter
    {
        private static readonly string[] Common = { "test:///default", "qemu:///system", "qemu:///session", "qemu+ssh://", "qemu+tls://", "xen:///system", "lxc:///system" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var candidates = new List<string>();
            var env = ClientEnvironment.Current();
            string? fromEnv = env.GetVariable("LIBVIRT_DEFAULT_URI");
            if (!string.IsNullOrEmpty(fromEnv)) candidates.Add(fromEnv!);
            try
            {
                var config = ClientConfig.Load(env);
                if (config.UriDefault != null) candidates.Add(config.UriDefault);
                foreach (var entry in config.UriAliases ?? new List<string>())
                {
                    int eq = entry.IndexOf('=');
                    if (eq > 0) candidates.Add(entry.Substring(0, eq));
                }
            }
            catch (LibvirtException)
            {
                // a broken config offers no aliases; Resolve-LibvirtUri reports the error itself
            }
            candidates.AddRange(Common);
            string word = (wordToComplete ?? "").Trim('\'', '"');
            return candidates.Distinct(StringComparer.Ordinal)
                .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult("'" + c.Replace("'", "''") + "'", c, CompletionResultType.ParameterValue, c));
        }
    }
}
