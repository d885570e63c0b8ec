using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of storage pool names from the default connection (one bulk listing, 5 s at most).</summary>
    public sealed class StoragePoolNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            StorageCompletion.Complete(wordToComplete, (c, ct) =>
                c.Hypervisor.ListStoragePoolsAsync(0, ct).GetAwaiter().GetResult().Select(p => p.Name));
    }

    /// <summary>Tab completion of volume names of the pool given with -Pool (or of every active pool).</summary>
    public sealed class StorageVolumeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pools = fakeBoundParameters?["Pool"] switch
            {
                string s => new[] { s },
                string[] a => a,
                object[] o => o.Select(x => x?.ToString() ?? "").ToArray(),
                _ => null,
            };
            return StorageCompletion.Complete(wordToComplete, (c, ct) =>
            {
                var names = pools ?? c.Hypervisor.ListStoragePoolsAsync(2, ct).GetAwaiter().GetResult().Select(p => p.Name).ToArray();
                var result = new List<string>();
                foreach (var p in names)
                {
                    try { result.AddRange(c.Hypervisor.ListStorageVolumesAsync(p, ct).GetAwaiter().GetResult().Select(v => v.Name)); }
                    catch (LibvirtException) { /* a pool that is gone or inactive offers nothing */ }
                }
                return result;
            });
        }
    }

    internal static class StorageCompletion
    {
        internal static IEnumerable<CompletionResult> Complete(string wordToComplete, Func<Core.Drivers.LibvirtConnection, CancellationToken, IEnumerable<string>> names)
        {
            var connection = SessionConnections.Current.Default;
            if (connection == null || !connection.IsAlive) return Enumerable.Empty<CompletionResult>();
            try
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    string word = (wordToComplete ?? "").Trim('\'', '"');
                    return names(connection, cts.Token)
                        .Distinct()
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
