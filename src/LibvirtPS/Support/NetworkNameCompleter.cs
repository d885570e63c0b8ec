using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of network names from the default connection (one bulk listing, 5 s at most).</summary>
    public sealed class NetworkNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var connection = SessionConnections.Current.Default;
            if (connection == null || !connection.IsAlive) return Enumerable.Empty<CompletionResult>();
            try
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    var networks = connection.Hypervisor.ListNetworksAsync(NetworkListFlags.None, cts.Token).GetAwaiter().GetResult();
                    string word = (wordToComplete ?? "").Trim('\'', '"');
                    return networks.Select(n => n.Name)
                        .Where(n => n.StartsWith(word, StringComparison.Ordinal))
                        .OrderBy(n => n, StringComparer.Ordinal)
                        .Select(n => new CompletionResult(n.IndexOfAny(new[] { ' ', '\'', '"', '$', '`' }) >= 0 ? "'" + n.Replace("'", "''") + "'" : n,
                            n, CompletionResultType.ParameterValue, n))
                        .ToList();
                }
            }
            catch (Exception e) when (e is LibvirtException || e is OperationCanceledException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }
    }
}
