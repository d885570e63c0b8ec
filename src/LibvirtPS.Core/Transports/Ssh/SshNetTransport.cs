using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Uris;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>
    /// libvirt's <c>+libssh</c> and <c>+libssh2</c> transports in-process with SSH.NET (facts §4.7): TCP to
    /// host:port, the host key checked against libvirt's own known_hosts as <c>known_hosts_verify</c> says,
    /// authentication in <c>sshauth</c> order, then the plan's remote command (netcat or virt-ssh-helper) on an
    /// exec channel whose stdin/stdout are the RPC stream. Both transports share this implementation; libvirt
    /// merely builds them on two C libraries.
    /// </summary>
    public sealed class SshNetTransport : ITransport
    {
        private readonly RemoteOpenOptions _options;

        public SshNetTransport(RemoteOpenOptions options)
        {
            _options = options;
        }

        /// <summary>SSH encrypts and authenticates: libvirt counts it as secure.</summary>
        public bool IsSecure => true;

        private void Trace(string line)
        {
            var t = _options.Trace;
            if (t != null && t.Enabled) t.Write("ssh: " + line);
        }

        /// <summary>
        /// The login name: the URI's user (or -UserName) when given; otherwise the credential's user name when it has
        /// one; otherwise libvirt's default <c>root</c>.
        /// </summary>
        public static string EffectiveUser(ConnectionPlan plan, NetworkCredential? credential)
        {
            if (plan.ParsedUri?.User == null && credential != null && !string.IsNullOrEmpty(credential.UserName))
                return credential.UserName;
            return plan.UserName ?? "root";
        }

        public async Task<Stream> ConnectAsync(ConnectionPlan plan, CancellationToken cancellationToken)
        {
            if (plan.RemoteCommand == null) throw new ArgumentException("the plan has no remote command", nameof(plan));
            var s = new Session(this, plan, cancellationToken);
            return await s.RunAsync().ConfigureAwait(false);
        }

        // ------------------------------------------------------------------------------------------------

        /// <summary>One connection attempt sequence (state shared by the authentication groups).</summary>
        private sealed class Session
        {
            private readonly SshNetTransport _t;
            private readonly ConnectionPlan _plan;
            private readonly CancellationToken _ct;
            private readonly string _host;
            private readonly int _port;
            private readonly string _user;
            private readonly NetworkCredential? _credential;
            private readonly IConnectionInteraction? _interaction;
            private readonly HostKeyCheck _hostKey;
            private readonly List<string> _tried = new List<string>();
            private readonly List<string> _notes = new List<string>();
            private readonly List<(string Name, AuthenticationMethod Method)> _group = new List<(string, AuthenticationMethod)>();
            private readonly bool _libssh;
            private volatile bool _kbdPrompted;

            public Session(SshNetTransport t, ConnectionPlan plan, CancellationToken ct)
            {
                _t = t;
                _plan = plan;
                _ct = ct;
                _host = plan.Host;
                _port = plan.Port ?? 22;
                _credential = t._options.Credential;
                _interaction = t._options.Interaction;
                _user = EffectiveUser(plan, _credential);
                _libssh = plan.Transport == LibvirtTransport.Libssh;
                _hostKey = new HostKeyCheck(this);
            }

            private LibvirtErrorCode SshCode => _libssh ? LibvirtErrorCode.Libssh : LibvirtErrorCode.Ssh;
            private LibvirtErrorDomain SshDomain => _libssh ? LibvirtErrorDomain.Libssh : LibvirtErrorDomain.Ssh;
            private bool CanAsk => _interaction != null && _interaction.IsInteractive;

            public async Task<Stream> RunAsync()
            {
                _t.Trace("connecting to " + _host + ":" + _port + " as " + _user + "; known_hosts " + _plan.KnownHostsPath +
                         " (" + (_plan.KnownHostsVerify ?? KnownHostsVerify.Normal).ToString().ToLowerInvariant() + ")");
                var methods = _plan.SshAuthMethods ?? new[] { SshAuthMethod.Agent, SshAuthMethod.Password, SshAuthMethod.KeyboardInteractive };
                foreach (var m in methods)
                {
                    _ct.ThrowIfCancellationRequested();
                    Stream? done = null;
                    switch (m)
                    {
                        case SshAuthMethod.Agent:
                            var agent = SshAgentAuthentication.Create(_user, line => _t.Trace("agent: " + line), _ct, out string? agentNote);
                            if (agent != null) _group.Add(("agent", agent));
                            else _notes.Add(agentNote ?? "agent (skipped)");
                            break;
                        case SshAuthMethod.PrivateKey:
                            done = await AddPrivateKeyAsync().ConfigureAwait(false);
                            break;
                        case SshAuthMethod.Password:
                            done = await AddPasswordAsync().ConfigureAwait(false);
                            break;
                        case SshAuthMethod.KeyboardInteractive:
                            AddKeyboardInteractive();
                            break;
                    }
                    if (done != null) return done;
                }
                var last = await TryGroupAsync().ConfigureAwait(false);
                if (last != null) return last;

                var what = new List<string>(_tried);
                what.AddRange(_notes);
                string where = "user '" + _user + "' at " + _host + ":" + _port + "; " +
                               (what.Count == 0 ? "no method could be used" : "tried: " + string.Join(", ", what));
                // libvirt's libssh2 transport keeps the error of its last method: keyboard-interactive (last in the default order)
                // whose answers the server rejected reports itself, not the summary (seen with libvirt 9.0 against sshd+PAM)
                bool kbdRejectedLast = !_libssh && _kbdPrompted && _tried.Count > 0 && _tried[_tried.Count - 1] == "keyboard-interactive";
                throw new LibvirtException(LibvirtErrorCode.AuthFailed, SshDomain, kbdRejectedLast
                    ? "keyboard interactive authentication failed: the server rejected the answers to its prompts (" + where + ")"
                    : "All provided authentication methods with credentials were rejected by the server (" + where + ")")
                {
                    Hint = "Check keyfile= (-KeyFile), sshauth= (-SshAuth) and the user; an encrypted key or a password can come from -Credential.",
                };
            }

            // ---------------- authentication methods

            private async Task<Stream?> AddPrivateKeyAsync()
            {
                string? path = _plan.KeyFile;
                if (path == null)
                {
                    _notes.Add("privkey (no key file)");
                    return null;
                }
                if (!File.Exists(path))
                {
                    _t.Trace("privkey: " + path + " does not exist");
                    _notes.Add("privkey (cannot read '" + path + "': No such file or directory)");
                    return null;
                }
                string? passphrase = _credential != null && _credential.Password.Length > 0 ? _credential.Password : null;
                var key = LoadKey(path, passphrase, out bool needsPassphrase, out string? problem);
                if (key == null && needsPassphrase)
                {
                    if (!CanAsk)
                    {
                        _notes.Add("privkey '" + path + "' (" + (passphrase == null
                            ? "encrypted; no passphrase: pass one with -Credential"
                            : "the passphrase from the credential does not open it") + ")");
                        return null;
                    }
                    // what is ready is tried before anyone is asked
                    var s = await TryGroupAsync().ConfigureAwait(false);
                    if (s != null) return s;
                    var secret = await AskSecretAsync("Passphrase for key '" + path + "'").ConfigureAwait(false);
                    if (secret == null)
                    {
                        _notes.Add("privkey '" + path + "' (no passphrase given)");
                        return null;
                    }
                    key = LoadKey(path, secret, out _, out problem);
                }
                if (key == null)
                {
                    _notes.Add("privkey '" + path + "' (" + problem + ")");
                    return null;
                }
                _t.Trace("privkey: " + path + " loaded");
                _group.Add(("privkey '" + path + "'", new PrivateKeyAuthenticationMethod(_user, key)));
                return null;
            }

            private static PrivateKeyFile? LoadKey(string path, string? passphrase, out bool needsPassphrase, out string? problem)
            {
                needsPassphrase = false;
                problem = null;
                try
                {
                    return passphrase == null ? new PrivateKeyFile(path) : new PrivateKeyFile(path, passphrase);
                }
                catch (SshPassPhraseNullOrEmptyException)
                {
                    needsPassphrase = true;
                    problem = "encrypted; no passphrase";
                }
                catch (Exception e) when (e is SshException || e is System.Security.Cryptography.CryptographicException || e is InvalidOperationException
                                          || e is ArgumentException || e is FormatException || e is NotSupportedException)
                {
                    needsPassphrase = passphrase != null;
                    problem = passphrase != null ? "cannot decrypt it with the passphrase given" : "cannot load it: " + e.Message;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    problem = "cannot read it: " + e.Message;
                }
                return null;
            }

            private async Task<Stream?> AddPasswordAsync()
            {
                string? password = _credential != null && _credential.Password.Length > 0 ? _credential.Password : null;
                string source = "credential";
                if (password == null)
                {
                    password = AuthConfPassword();
                    source = "auth.conf";
                }
                if (password == null)
                {
                    if (!CanAsk)
                    {
                        _notes.Add("password (none given: pass -Credential or use auth.conf)");
                        return null;
                    }
                    var s = await TryGroupAsync().ConfigureAwait(false);
                    if (s != null) return s;
                    password = await AskSecretAsync(_user + "@" + _host + "'s password").ConfigureAwait(false);
                    source = "prompt";
                    if (password == null)
                    {
                        _notes.Add("password (none given)");
                        return null;
                    }
                }
                _t.Trace("password: from " + source);
                _group.Add(("password", new PasswordAuthenticationMethod(_user, Encoding.UTF8.GetBytes(password))));
                return null;
            }

            private string? AuthConfPassword()
            {
                try
                {
                    var path = AuthConfig.Locate(_plan.AuthFile, ClientEnvironment.Current());
                    if (path == null) return null;
                    var conf = AuthConfig.Load(path);
                    var user = conf.Lookup("ssh", _host, "username");
                    if (user != null && !string.Equals(user, _user, StringComparison.Ordinal)) return null;
                    var pw = conf.Lookup("ssh", _host, "password");
                    if (pw != null) _t.Trace("password: found in " + path);
                    return pw;
                }
                catch (LibvirtException e)
                {
                    _t.Trace("auth.conf not used: " + e.Message);
                    return null;
                }
            }

            private void AddKeyboardInteractive()
            {
                var method = new KeyboardInteractiveAuthenticationMethod(_user);
                string? password = _credential != null && _credential.Password.Length > 0 ? _credential.Password : null;
                method.AuthenticationPrompt += (sender, e) =>
                {
                    _kbdPrompted = true;
                    foreach (var prompt in e.Prompts)
                    {
                        if (password != null && prompt.Request.IndexOf("assword", StringComparison.OrdinalIgnoreCase) >= 0)
                        {
                            prompt.Response = password;
                            continue;
                        }
                        string? answer = null;
                        if (CanAsk)
                        {
                            // SSH.NET's thread waits here; the interaction posts to whoever can answer
                            var secret = _interaction!.AskSecret(prompt.Request.TrimEnd().TrimEnd(':'));
                            answer = secret == null ? null : ToPlain(secret);
                        }
                        prompt.Response = answer ?? "";
                    }
                };
                _group.Add(("keyboard-interactive", method));
            }

            // ---------------- connecting

            /// <summary>Connects with the methods gathered so far; null when the server rejected them all.</summary>
            private async Task<Stream?> TryGroupAsync()
            {
                if (_group.Count == 0) return null;
                var names = new List<string>();
                var methods = new List<AuthenticationMethod>();
                foreach (var g in _group) { names.Add(g.Name); methods.Add(g.Method); }
                _group.Clear();

                while (true)
                {
                    _ct.ThrowIfCancellationRequested();
                    _hostKey.Reset();
                    var info = new ConnectionInfo(_host, _port, _user, methods.ToArray())
                    {
                        Timeout = _t._options.Timeout,
                    };
                    var client = new SshClient(info);
                    client.HostKeyReceived += _hostKey.OnHostKey;
                    _t.Trace("trying " + string.Join(", ", names));
                    try
                    {
                        using (_ct.Register(() => { try { client.Dispose(); } catch (Exception) { } }))
                        {
                            await client.ConnectAsync(_ct).ConfigureAwait(false);
                        }
                    }
                    catch (SshAuthenticationException e)
                    {
                        client.Dispose();
                        _t.Trace("rejected: " + e.Message);
                        _tried.AddRange(names);
                        return null;
                    }
                    catch (Exception e) when (_hostKey.Verdict != HostKeyVerdict.Trusted && _hostKey.Verdict != HostKeyVerdict.None && !(e is OperationCanceledException))
                    {
                        client.Dispose();
                        if (_hostKey.Verdict == HostKeyVerdict.AskUser && await ConfirmHostKeyAsync().ConfigureAwait(false))
                            continue; // accepted and stored: connect again
                        throw HostKeyError();
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        client.Dispose();
                        _ct.ThrowIfCancellationRequested();
                        throw ConnectError(e);
                    }
                    _t.Trace("authenticated as " + _user + " with " + string.Join(", ", names) + "; running " + _plan.RemoteCommand);
                    return OpenChannel(client);
                }
            }

            private Stream OpenChannel(SshClient client)
            {
                SshCommand? command = null;
                try
                {
                    command = client.CreateCommand(_plan.RemoteCommand!);
                    var execution = command.ExecuteAsync(CancellationToken.None);
                    var input = command.CreateInputStream();
                    // nobody awaits the execution task when the stream is simply closed
                    execution.ContinueWith(t => { _ = t.Exception; }, TaskContinuationOptions.OnlyOnFaulted);
                    return new SshChannelStream(client, command, execution, input);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    try { command?.Dispose(); } catch (Exception) { }
                    client.Dispose();
                    throw new LibvirtException(SshCode, SshDomain, "failed to run the remote command on " + _host + ":" + _port + ": " + e.Message, inner: e);
                }
            }

            private LibvirtException ConnectError(Exception e)
            {
                if (e is SocketException se)
                {
                    return new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Rpc,
                        "unable to connect to server at '" + _host + ":" + _port + "': " + SocketErrors.Describe(se), inner: e)
                    {
                        Hint = "Check that sshd runs on " + _host + " port " + _port + " and that no firewall blocks it.",
                    };
                }
                if (e is SshOperationTimeoutException)
                {
                    return new LibvirtException(LibvirtErrorCode.OperationTimeout, SshDomain,
                        "SSH connection to " + _host + ":" + _port + " timed out: " + e.Message, inner: e);
                }
                return new LibvirtException(SshCode, SshDomain, "SSH connection to " + _host + ":" + _port + " failed: " + e.Message, inner: e);
            }

            // ---------------- host key

            private string HostPort => _host + ":" + _port;

            private async Task<bool> ConfirmHostKeyAsync()
            {
                var key = _hostKey.Key!;
                string fp = KnownHosts.Fingerprint(key);
                if (!CanAsk) return false;
                bool yes = await RunInteractionAsync(() => _interaction!.Confirm(
                    "Unknown SSH host key (" + KnownHosts.KeyTypeOf(key) + ")",
                    "Accept SSH host key with hash '" + fp + "' for host '" + HostPort + "' (y/n)?")).ConfigureAwait(false);
                if (!yes)
                {
                    _hostKey.Declined = true;
                    return false;
                }
                StoreKey(key);
                _hostKey.AcceptedKey = key;
                return true;
            }

            internal void StoreKey(byte[] key)
            {
                string path = _plan.KnownHostsPath!;
                try
                {
                    KnownHosts.Append(path, KnownHosts.FormatLine(_host, _port, key));
                    _t.Trace("host key " + KnownHosts.Fingerprint(key) + " added to " + path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new LibvirtException(SshCode, SshDomain, "unable to write known_hosts file '" + path + "': " + e.Message, inner: e);
                }
            }

            private LibvirtException HostKeyError()
            {
                var key = _hostKey.Key;
                string path = _plan.KnownHostsPath ?? "";
                if (key == null)
                    return new LibvirtException(SshCode, SshDomain, "SSH connection to " + HostPort + " failed before the host key was received");
                string fp = KnownHosts.Fingerprint(key);
                switch (_hostKey.Verdict)
                {
                    case HostKeyVerdict.Changed:
                        return new LibvirtException(SshCode, SshDomain,
                            "!!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host '" + HostPort + "' differs from stored identity. " +
                            "Please verify the new host key '" + fp + "' to avoid possible man in the middle attack. The key is stored in '" + path + "'.")
                        {
                            Hint = "If the host was really re-keyed, remove its old line from " + path + " (ssh-keygen -R '" +
                                   KnownHosts.HostEntryName(_host, _port) + "' -f " + path + ").",
                        };
                    case HostKeyVerdict.Revoked:
                        return new LibvirtException(SshCode, SshDomain,
                            "SSH host key '" + fp + "' of host '" + HostPort + "' is marked @revoked in '" + path + "'");
                    case HostKeyVerdict.Failed:
                        return new LibvirtException(SshCode, SshDomain, "unable to check the SSH host key of '" + HostPort + "': " + _hostKey.Problem);
                    default:
                        if (_hostKey.Declined)
                            return new LibvirtException(SshCode, SshDomain, "SSH host key for '" + HostPort + "' (" + fp + ") was not accepted");
                        string line = KnownHosts.FormatLine(_host, _port, key);
                        return new LibvirtException(SshCode, SshDomain,
                            "Unable to verify the SSH host key of '" + HostPort + "' (" + KnownHosts.KeyTypeOf(key) + " " + fp + "): it is not in '" + path +
                            "' and this session cannot ask (non-interactive). To accept it, use known_hosts_verify=auto in the URI " +
                            "(Connect-Libvirt -KnownHostsVerify Auto), or add this line to '" + path + "': " + line)
                        {
                            Hint = "Compare " + fp + " with `ssh-keygen -lf` of the host's key before accepting it.",
                        };
                }
            }

            internal enum HostKeyVerdict { None, Trusted, AskUser, Changed, Revoked, Failed }

            private sealed class HostKeyCheck
            {
                private readonly Session _s;
                public HostKeyCheck(Session s) { _s = s; }

                public byte[]? Key;
                public byte[]? AcceptedKey;
                public HostKeyVerdict Verdict;
                public bool Declined;
                public string? Problem;

                public void Reset()
                {
                    Verdict = HostKeyVerdict.None;
                    Problem = null;
                }

                public void OnHostKey(object? sender, HostKeyEventArgs e)
                {
                    try
                    {
                        e.CanTrust = Decide(e.HostKey);
                    }
                    catch (Exception ex)
                    {
                        Verdict = HostKeyVerdict.Failed;
                        Problem = ex is LibvirtException le ? le.Detail : ex.Message;
                        e.CanTrust = false;
                    }
                }

                private bool Decide(byte[] key)
                {
                    Key = key;
                    var plan = _s._plan;
                    string fp = KnownHosts.Fingerprint(key);
                    var mode = plan.KnownHostsVerify ?? KnownHostsVerify.Normal;
                    if (mode == KnownHostsVerify.Ignore)
                    {
                        _s._t.Trace("host key " + fp + " not checked (known_hosts_verify=ignore)");
                        Verdict = HostKeyVerdict.Trusted;
                        return true;
                    }
                    if (AcceptedKey != null && Same(AcceptedKey, key))
                    {
                        Verdict = HostKeyVerdict.Trusted;
                        return true;
                    }
                    var status = KnownHosts.Check(KnownHosts.ReadLines(plan.KnownHostsPath!), _s._host, _s._port, key);
                    _s._t.Trace("host key " + KnownHosts.KeyTypeOf(key) + " " + fp + ": " + status + " in " + plan.KnownHostsPath);
                    // libssh reports a host known only with other key types as a changed identity; libssh2 as unknown
                    if (status == KnownHostStatus.OtherType) status = _s._libssh ? KnownHostStatus.Changed : KnownHostStatus.NotFound;
                    switch (status)
                    {
                        case KnownHostStatus.Match:
                            Verdict = HostKeyVerdict.Trusted;
                            return true;
                        case KnownHostStatus.Changed:
                            Verdict = HostKeyVerdict.Changed;
                            return false;
                        case KnownHostStatus.Revoked:
                            Verdict = HostKeyVerdict.Revoked;
                            return false;
                        default:
                            if (mode == KnownHostsVerify.Auto)
                            {
                                _s.StoreKey(key);
                                Verdict = HostKeyVerdict.Trusted;
                                return true;
                            }
                            Verdict = HostKeyVerdict.AskUser;
                            return false;
                    }
                }

                private static bool Same(byte[] a, byte[] b)
                {
                    if (a.Length != b.Length) return false;
                    for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
                    return true;
                }
            }

            // ---------------- interaction

            private async Task<string?> AskSecretAsync(string prompt)
            {
                var secret = await RunInteractionAsync(() => _interaction!.AskSecret(prompt)).ConfigureAwait(false);
                return secret == null ? null : ToPlain(secret);
            }

            private async Task<T> RunInteractionAsync<T>(Func<T> ask)
            {
                var task = Task.Run(ask);
                var cancelled = new TaskCompletionSource<bool>();
                using (_ct.Register(() => cancelled.TrySetResult(true)))
                {
                    if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                    {
                        _ = task.ContinueWith(t => { _ = t.Exception; }, TaskContinuationOptions.OnlyOnFaulted);
                        _ct.ThrowIfCancellationRequested();
                    }
                }
                return await task.ConfigureAwait(false);
            }

            private static string ToPlain(SecureString s) => new NetworkCredential("", s).Password;
        }
    }
}
