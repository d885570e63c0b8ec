using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using LibvirtPS.Core.Auth.Sasl;

namespace LibvirtPS.Core.Auth
{
    /// <summary>
    /// Where SASL credentials come from, each one in this order: the connection's <c>-Credential</c> (user name →
    /// authname, password, domain → realm), then <c>auth.conf</c> (service <c>libvirt</c>, the URI host or localhost;
    /// keys authname, password, realm), then the interaction (Cyrus' prompts), else libvirt's
    /// <c>No authentication callback available</c>. Values are collected once per connection. Secrets are never traced.
    /// </summary>
    public sealed class SaslCredentialSource
    {
        private readonly NetworkCredential? _credential;
        private readonly Func<AuthConfig?> _config;
        private readonly IConnectionInteraction? _interaction;
        private readonly string _host;
        private readonly Action<string>? _trace;
        private AuthConfig? _loaded;
        private bool _configTried;
        private string? _authName;
        private NetworkCredential? _password;
        private string? _realm;
        private bool _realmAsked;

        /// <param name="credential">-Credential (null: none)</param>
        /// <param name="config">loads auth.conf on first use (null result: no file applies); may throw libvirt's config errors</param>
        /// <param name="interaction">who can be asked (null: nobody)</param>
        /// <param name="host">the URI host, or localhost</param>
        /// <param name="trace">where to say which source gave what (never the values)</param>
        public SaslCredentialSource(NetworkCredential? credential, Func<AuthConfig?> config, IConnectionInteraction? interaction,
            string? host, Action<string>? trace = null)
        {
            _credential = credential;
            _config = config;
            _interaction = interaction;
            _host = string.IsNullOrEmpty(host) ? "localhost" : host!;
            _trace = trace;
        }

        /// <summary>Fills the context's credential callbacks.</summary>
        public void Apply(SaslContext context)
        {
            context.GetCredential = GetCredential;
            context.GetPassword = GetPassword;
        }

        public string? GetCredential(SaslCredentialKind kind, string prompt)
        {
            switch (kind)
            {
                case SaslCredentialKind.UserName:
                    // the authorization id: libvirt's default callback never offers it, so only auth.conf can give one
                    return Lookup("username");
                case SaslCredentialKind.AuthName:
                    if (_authName != null) return _authName;
                    if (!string.IsNullOrEmpty(_credential?.UserName)) { Trace("SASL authname: from -Credential"); return _authName = _credential!.UserName; }
                    var fromFile = Lookup("authname");
                    if (fromFile != null) { Trace("SASL authname: from " + _loaded!.Path); return _authName = fromFile; }
                    Trace("SASL authname: asking");
                    return _authName = AskText(prompt);
                case SaslCredentialKind.Realm:
                    if (_realmAsked) return _realm;
                    _realmAsked = true;
                    if (!string.IsNullOrEmpty(_credential?.Domain)) return _realm = _credential!.Domain;
                    var realm = Lookup("realm");
                    if (realm != null) return _realm = realm;
                    // no realm anywhere: the mechanism uses the server's (Cyrus' default without a GETREALM answer)
                    if (_interaction == null || !_interaction.IsInteractive) return _realm = null;
                    return _realm = AskText(prompt);
                default:
                    return null;
            }
        }

        public NetworkCredential? GetPassword()
        {
            if (_password != null) return _password;
            if (_credential != null) { Trace("SASL password: from -Credential"); return _password = new NetworkCredential("", _credential.SecurePassword); }
            var fromFile = Lookup("password");
            if (fromFile != null) { Trace("SASL password: from " + _loaded!.Path); return _password = new NetworkCredential("", fromFile); }
            Trace("SASL password: asking");
            var secret = AskSecret(SaslCredentials.PasswordPrompt);
            return _password = new NetworkCredential("", secret);
        }

        private string? Lookup(string key)
        {
            if (!_configTried)
            {
                _configTried = true;
                _loaded = _config();
            }
            return _loaded?.Lookup("libvirt", _host, key);
        }

        private IConnectionInteraction Interaction()
        {
            if (_interaction == null || !_interaction.IsInteractive) throw SaslCredentials.NoCallback();
            return _interaction;
        }

        private string AskText(string prompt)
        {
            var i = Interaction();
            if (i is IConnectionTextInteraction text)
            {
                return text.AskText(prompt) ?? throw SaslCredentials.CollectFailed();
            }
            var s = i.AskSecret(prompt) ?? throw SaslCredentials.CollectFailed();
            return ToPlain(s);
        }

        private SecureString AskSecret(string prompt) => Interaction().AskSecret(prompt) ?? throw SaslCredentials.CollectFailed();

        private static string ToPlain(SecureString s)
        {
            IntPtr p = IntPtr.Zero;
            try
            {
                p = Marshal.SecureStringToGlobalAllocUnicode(s);
                return Marshal.PtrToStringUni(p) ?? "";
            }
            finally
            {
                if (p != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(p);
            }
        }

        private void Trace(string line) => _trace?.Invoke(line);
    }
}
