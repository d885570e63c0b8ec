using System;
using System.Collections.Generic;
using System.Linq;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Tests
{
    /// <summary>A described machine for planner tests: who we are, variables, and which files exist.</summary>
    internal static class FakeEnvironment
    {
        internal static ClientEnvironment Root(IEnumerable<string>? files = null, IDictionary<string, string>? vars = null) =>
            Create(true, "/root", files, vars);

        internal static ClientEnvironment User(IEnumerable<string>? files = null, IDictionary<string, string>? vars = null) =>
            Create(false, "/home/u", files, vars);

        internal static ClientEnvironment Create(bool root, string home, IEnumerable<string>? files, IDictionary<string, string>? vars)
        {
            var set = new HashSet<string>(files ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var variables = new Dictionary<string, string>(vars ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            return new ClientEnvironment(root, false, home, variables, set.Contains);
        }
    }
}
