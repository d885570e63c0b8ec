using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LibvirtPS.Support
{
    /// <summary>Tab completion of the session's event subscribers' source identifiers (no I/O).</summary>
    public sealed class EventSourceIdentifierCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(SessionEvents.Current.Subscribers.Select(s => s.SourceIdentifier), wordToComplete, ignoreCase: true);
    }
}
