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
    /// <summary>Tab completion of snapshot names: the snapshots of -DomainName (or -Domain) on the default connection.</summary>
    public sealed class SnapshotNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var connection = SessionConnections.Current.Default;
            Guid? uuid = null;
            string? domainName = null;
            var bound = fakeBoundParameters["Domain"];
            if (bound is PSObject p) bound = p.BaseObject;
            if (bound is LibvirtDomain d)
            {
                connection = d.Connection;
                uuid = d.Uuid;
            }
            else
            {
                domainName = fakeBoundParameters["DomainName"] as string;
                if (domainName == null) return Enumerable.Empty<CompletionResult>();
            }
            if (connection == null || !connection.IsAlive) return Enumerable.Empty<CompletionResult>();
            try
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    var id = uuid ?? connection.Hypervisor.LookupDomainByNameAsync(domainName!, cts.Token).GetAwaiter().GetResult().Uuid;
                    var snapshots = connection.Hypervisor.ListDomainSnapshotsAsync(id, cts.Token).GetAwaiter().GetResult();
                    string word = (wordToComplete ?? "").Trim('\'', '"');
                    return snapshots.Select(s => s.Name)
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
