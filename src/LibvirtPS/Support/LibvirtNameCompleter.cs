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
    /// <summary>
    /// Tab completion of names listed on a connection (the session default unless <see cref="ConnectionFor"/> says
    /// otherwise): one listing, 5 s at most; a libvirt error or the timeout offers nothing.
    /// </summary>
    public abstract class LibvirtNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var connection = ConnectionFor(fakeBoundParameters);
            if (connection == null || !connection.IsAlive) return Enumerable.Empty<CompletionResult>();
            try
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                    return Completions.Matching(ListNames(connection, fakeBoundParameters, cts.Token), wordToComplete, ignoreCase: false);
            }
            catch (Exception e) when (e is LibvirtException || e is OperationCanceledException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        /// <summary>
        /// The connection to list on: the first of -Connection when the command line already names one
        /// (`Get-LibvirtDomain -Connection $kvm2 -Name <Tab>` completes kvm2's names), else the session default; null
        /// offers nothing.
        /// </summary>
        protected virtual LibvirtConnection? ConnectionFor(IDictionary fakeBoundParameters) =>
            FirstConnection(fakeBoundParameters?["Connection"]) ?? SessionConnections.Current.Default;

        private static LibvirtConnection? FirstConnection(object? value)
        {
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is LibvirtConnection c) return c;
            if (value is IEnumerable many && !(value is string))
            {
                foreach (var item in many)
                {
                    if (FirstConnection(item) is LibvirtConnection first) return first;
                }
            }
            return null;
        }

        /// <summary>The names to offer (filtered, sorted and quoted by the caller).</summary>
        protected abstract IEnumerable<string> ListNames(LibvirtConnection connection, IDictionary fakeBoundParameters, CancellationToken cancellationToken);
    }

    /// <summary>The shared end of every completer: the word typed, matching, sorting and quoting.</summary>
    internal static class Completions
    {
        private static readonly char[] NeedQuotes = { ' ', '\'', '"', '$', '`' };

        /// <summary>The distinct <paramref name="names"/> that start with the word typed (quotes removed), sorted.</summary>
        internal static List<CompletionResult> Matching(IEnumerable<string> names, string? wordToComplete, bool ignoreCase)
        {
            var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            string word = (wordToComplete ?? "").Trim('\'', '"');
            return names.Distinct(comparer)
                .Where(n => n.StartsWith(word, comparison))
                .OrderBy(n => n, comparer)
                .Select(n => new CompletionResult(n.IndexOfAny(NeedQuotes) >= 0 ? "'" + n.Replace("'", "''") + "'" : n,
                    n, CompletionResultType.ParameterValue, n))
                .ToList();
        }
    }
}
