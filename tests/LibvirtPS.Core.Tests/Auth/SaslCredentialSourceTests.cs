using System;
using System.Net;
using System.Security;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    public sealed class SaslCredentialSourceTests
    {
        private const string Conf =
            "[credentials-test]\nauthname=fromfile\npassword=filepass\nrealm=filerealm\n\n[auth-libvirt-myhost]\ncredentials=test\n";

        private sealed class FakeInteraction : IConnectionInteraction, IConnectionTextInteraction
        {
            public bool IsInteractive { get; set; } = true;
            public string? Text { get; set; } = "asked";
            public string? Secret { get; set; } = "askedpass";
            public int Asked { get; private set; }
            public string? LastPrompt { get; private set; }

            public SecureString? AskSecret(string prompt)
            {
                Asked++;
                LastPrompt = prompt;
                if (Secret == null) return null;
                var s = new SecureString();
                foreach (var c in Secret) s.AppendChar(c);
                return s;
            }

            public string? AskText(string prompt)
            {
                Asked++;
                LastPrompt = prompt;
                return Text;
            }

            public bool Confirm(string caption, string question) => false;
        }

        private static AuthConfig Config() => AuthConfig.Parse("/x/auth.conf", Conf);

        [Fact]
        public void Credential_comes_first()
        {
            var i = new FakeInteraction();
            var src = new SaslCredentialSource(new NetworkCredential("fred", "secret", "realm1"), Config, i, "myhost");
            Assert.Equal("fred", src.GetCredential(SaslCredentialKind.AuthName, "p"));
            Assert.Equal("secret", src.GetPassword()!.Password);
            Assert.Equal("realm1", src.GetCredential(SaslCredentialKind.Realm, "p"));
            Assert.Equal(0, i.Asked);
        }

        [Fact]
        public void Auth_conf_comes_next_for_the_host()
        {
            var i = new FakeInteraction();
            var src = new SaslCredentialSource(null, Config, i, "myhost");
            Assert.Equal("fromfile", src.GetCredential(SaslCredentialKind.AuthName, "p"));
            Assert.Equal("filepass", src.GetPassword()!.Password);
            Assert.Equal("filerealm", src.GetCredential(SaslCredentialKind.Realm, "p"));
            Assert.Equal(0, i.Asked);
        }

        [Fact]
        public void Interaction_is_asked_for_what_is_missing_once()
        {
            var i = new FakeInteraction();
            var src = new SaslCredentialSource(null, Config, i, "otherhost");
            Assert.Equal("asked", src.GetCredential(SaslCredentialKind.AuthName, SaslCredentials.AuthNamePrompt));
            Assert.Equal(SaslCredentials.AuthNamePrompt, i.LastPrompt);
            Assert.Equal("askedpass", src.GetPassword()!.Password);
            Assert.Equal(SaslCredentials.PasswordPrompt, i.LastPrompt);
            Assert.Equal("asked", src.GetCredential(SaslCredentialKind.AuthName, "again"));
            Assert.Equal("askedpass", src.GetPassword()!.Password);
            Assert.Equal(2, i.Asked);
        }

        [Fact]
        public void Partial_credential_falls_through_per_item()
        {
            // a user name from -Credential; the password from it too (even empty: -Credential is the caller's answer)
            var src = new SaslCredentialSource(new NetworkCredential("", "pw"), Config, null, "myhost");
            Assert.Equal("fromfile", src.GetCredential(SaslCredentialKind.AuthName, "p"));
            Assert.Equal("pw", src.GetPassword()!.Password);
        }

        [Fact]
        public void Nobody_to_ask_is_libvirts_error()
        {
            var src = new SaslCredentialSource(null, () => null, null, null);
            var e = Assert.Throws<LibvirtException>(() => src.GetCredential(SaslCredentialKind.AuthName, "p"));
            Assert.Equal("authentication failed: No authentication callback available", e.Message);
            e = Assert.Throws<LibvirtException>(() => src.GetPassword());
            Assert.Equal("authentication failed: No authentication callback available", e.Message);
            // a missing realm is no error: the mechanism takes the server's
            Assert.Null(src.GetCredential(SaslCredentialKind.Realm, "p"));
        }

        [Fact]
        public void Non_interactive_host_counts_as_nobody()
        {
            var src = new SaslCredentialSource(null, () => null, new FakeInteraction { IsInteractive = false }, null);
            var e = Assert.Throws<LibvirtException>(() => src.GetPassword());
            Assert.Equal("No authentication callback available", e.Detail);
        }

        [Fact]
        public void Declined_prompt_is_failed_to_collect()
        {
            var src = new SaslCredentialSource(null, () => null, new FakeInteraction { Secret = null }, null);
            var e = Assert.Throws<LibvirtException>(() => src.GetPassword());
            Assert.Equal("authentication failed: Failed to collect auth credentials", e.Message);
        }

        [Fact]
        public void Default_group_and_localhost()
        {
            var conf = AuthConfig.Parse("/a", "[credentials-d]\nauthname=dflt\n[auth-libvirt-default]\ncredentials=d\n[credentials-l]\nauthname=local\n[auth-libvirt-localhost]\ncredentials=l\n");
            Assert.Equal("local", new SaslCredentialSource(null, () => conf, null, null).GetCredential(SaslCredentialKind.AuthName, "p"));
            Assert.Equal("dflt", new SaslCredentialSource(null, () => conf, null, "h").GetCredential(SaslCredentialKind.AuthName, "p"));
        }

        [Fact]
        public void Auth_conf_errors_surface()
        {
            var conf = AuthConfig.Parse("/a", "[auth-libvirt-h]\nfoo=bar\n");
            var e = Assert.Throws<LibvirtException>(() => new SaslCredentialSource(null, () => conf, null, "h").GetCredential(SaslCredentialKind.AuthName, "p"));
            Assert.Equal(LibvirtErrorCode.ConfSyntax, e.Code);
        }

        [Fact]
        public void Applied_context_hands_credentials_to_a_mechanism()
        {
            var ctx = new SaslContext();
            new SaslCredentialSource(new NetworkCredential("fred", "secret"), () => null, null, null).Apply(ctx);
            var data = new PlainMechanism().Start(ctx);
            Assert.Equal("\0fred\0secret", System.Text.Encoding.UTF8.GetString(data!));
        }
    }
}
