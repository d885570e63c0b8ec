using System;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>User name and password for a node XML with an <c>&lt;auth&gt;</c> section (libvirt asks through its auth callback).</summary>
    public sealed class TestDriverCredentials
    {
        public TestDriverCredentials(string userName, string? password)
        {
            UserName = userName ?? throw new ArgumentNullException(nameof(userName));
            Password = password;
        }

        public string UserName { get; }
        public string? Password { get; }
    }

    /// <summary>
    /// Opens embedded test-driver connections with libvirt's sharing rules (testOpenDefault / testOpenFromFile /
    /// testDriverCloseInternal): every open connection to <c>test:///default</c> shares one state, built on the first
    /// open and dropped when the last connection closes (the next open starts afresh); each open of
    /// <c>test:///path.xml</c> loads the file again into a state of its own. <see cref="Shared"/> is the process-wide
    /// registry (libvirt's static defaultPrivconn); separate instances are independent (useful in tests).
    /// Thread-safe.
    /// </summary>
    public sealed class TestDriverRegistry
    {
        private readonly object _gate = new object();
        private TestDriverState? _default;
        private int _defaultConnections;

        /// <summary>The process-wide registry, as libvirt keeps one test:///default per process.</summary>
        public static TestDriverRegistry Shared { get; } = new TestDriverRegistry();

        /// <summary>How many test:///default connections of this registry are open.</summary>
        public int DefaultConnectionCount
        {
            get { lock (_gate) return _defaultConnections; }
        }

        /// <summary>The shared test:///default state while a connection holds it, else null.</summary>
        public TestDriverState? DefaultState
        {
            get { lock (_gate) return _default; }
        }

        /// <summary>Opens what an <see cref="LibvirtTransport.Embedded"/> plan describes.</summary>
        public TestHypervisor Open(ConnectionPlan plan, TestDriverCredentials? credentials = null)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            if (plan.Transport != LibvirtTransport.Embedded)
                throw new ArgumentException("the plan is not for the embedded test driver (transport " + plan.Transport + ")", nameof(plan));
            string uri = plan.ResolvedUri ?? plan.Uri ?? "test://" + plan.Path;
            return plan.TestDriverFile == null
                ? OpenDefault(uri, plan.ReadOnly)
                : OpenFile(plan.TestDriverFile, uri, plan.ReadOnly, credentials);
        }

        /// <summary>A connection to the shared test:///default node.</summary>
        public TestHypervisor OpenDefault(string uri = TestDefaultNode.DefaultUri, bool readOnly = false)
        {
            lock (_gate)
            {
                if (_default == null) _default = TestDefaultNode.Create();
                _defaultConnections++;
                return new TestHypervisor(_default, uri, readOnly, true, ReleaseDefault);
            }
        }

        /// <summary>
        /// A connection to a node XML file, loaded now into a state of its own. <paramref name="uri"/> defaults to
        /// <c>test://</c> + path. When the file has <c>&lt;auth&gt;</c> users, <paramref name="credentials"/> are checked
        /// as testConnectAuthenticate does.
        /// </summary>
        public TestHypervisor OpenFile(string path, string? uri = null, bool readOnly = false, TestDriverCredentials? credentials = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var state = TestNodeXmlLoader.LoadFile(path);
            Authenticate(state, credentials);
            return new TestHypervisor(state, uri ?? "test://" + path, readOnly, false, null);
        }

        private void ReleaseDefault(TestHypervisor connection)
        {
            lock (_gate)
            {
                if (_defaultConnections > 0) _defaultConnections--;
                if (_defaultConnections == 0 && ReferenceEquals(_default, connection.State)) _default = null;
            }
        }

        /// <summary>testConnectAuthenticate.</summary>
        private static void Authenticate(TestDriverState state, TestDriverCredentials? credentials)
        {
            if (state.AuthUsers.Count == 0) return;
            if (credentials == null)
            {
                // No auth callback: virAuthGetUsername fails.
                throw TestDriverErrors.InvalidArg(LibvirtErrorDomain.Auth, "Missing authentication credentials");
            }
            TestAuthUser? user = null;
            foreach (var u in state.AuthUsers)
            {
                if (string.Equals(u.UserName, credentials.UserName, StringComparison.Ordinal))
                {
                    user = u;
                    break;
                }
            }
            // The password is asked for (and compared) unless the user exists without one.
            string? password = user == null || user.Password != null ? credentials.Password ?? "" : null;
            if (user == null || (password != null && !string.Equals(user.Password, password, StringComparison.Ordinal)))
            {
                const string detail = "authentication failed, see test XML for the correct username/password";
                throw TestDriverErrors.Make(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Test, "authentication failed: " + detail, detail);
            }
        }
    }
}
