using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;
using LibvirtPS.Core.Uris;
using Xunit;

namespace LibvirtPS.Core.Tests.Fuzz
{
    /// <summary>
    /// Property tests over hostile input (issue 9): the URI engine, the config parser and the XDR decoder
    /// either succeed or fail with their own error type; no other exception, no hang. Bounded counts so CI
    /// stays fast; raise MaxTest locally for a longer run.
    /// </summary>
    public class ParserPropertyTests
    {
        private const int Runs = 3000;

        private static readonly ClientEnvironment Root = FakeEnvironment.Root();
        private static readonly ClientEnvironment User = FakeEnvironment.User(new[] { "/home/u/.ssh/id_rsa", "/home/u/.pki/libvirt/cacert.pem" });

        [Fact]
        public void UriParsingAndPlanningFailOnlyWithLibvirtErrors()
        {
            Prop.ForAll(FuzzInputs.UriText(), text =>
            {
                foreach (var env in new[] { Root, User })
                {
                    try
                    {
                        var plan = ConnectionPlanner.Plan(text, null, env);
                        // a plan always names where it goes
                        if (plan.Transport != LibvirtTransport.Embedded && plan.RemoteName == null) return false;
                    }
                    catch (LibvirtException)
                    {
                    }
                }
                return true;
            }).QuickCheckThrowOnFailure(Runs);
        }

        [Fact]
        public void ParsedUrisFormatToTextThatParsesToTheSameParts_ExceptRootlessPaths()
        {
            Prop.ForAll(FuzzInputs.UriText(), text =>
            {
                if (!LibvirtUri.TryParse(text, out var uri) || uri!.Scheme == null) return true;
                // libvirt always writes "scheme://", so a rootless path (qemu:system) comes back as a host; that
                // is libvirt's behaviour too (facts §1.3), not a round trip
                if (uri.Path != null && uri.Path.Length > 0 && uri.Path[0] != '/') return true;
                // libxml2 writes the host back without escaping, so a host that needed %-escapes does not
                // survive either (in libvirt too)
                if (uri.Server != null && uri.Server.Any(c => !(char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:".IndexOf(c) >= 0))) return true;
                var again = LibvirtUri.Parse(uri.Format());
                return again.Scheme == uri.Scheme && again.Server == uri.Server && again.Port == uri.Port &&
                       again.User == uri.User && again.Path == uri.Path;
            }).QuickCheckThrowOnFailure(Runs);
        }

        [Fact]
        public void ConfigParsingFailsOnlyWithLibvirtErrors()
        {
            Prop.ForAll(FuzzInputs.ConfText(), text =>
            {
                try
                {
                    var config = ClientConfig.FromText("/fuzz/libvirt.conf", text.EndsWith("\n", StringComparison.Ordinal) ? text : text + "\n");
                    _ = config.UriDefault;
                    _ = config.UriAliases;
                    _ = config.ResolveAlias("hail");
                }
                catch (LibvirtException)
                {
                }
                return true;
            }).QuickCheckThrowOnFailure(Runs);
        }

        [Fact]
        public void PacketDecodingFailsOnlyWithXdrErrors()
        {
            var decoders = new List<Func<IXdrSerializable>>
            {
                () => new AuthListRet(), () => new ConnectListAllDomainsRet(), () => new DomainGetInfoRet(),
                () => new NodeGetInfoRet(), () => new RemoteError(), () => new ConnectGetAllDomainStatsRet(),
                () => new DomainEventCallbackLifecycleMsg(), () => new ConnectOpenArgs(), () => new DomainGetStateRet(),
            };
            Prop.ForAll(FuzzInputs.Packet(), bytes =>
            {
                RpcPacket packet;
                try
                {
                    packet = RpcPacket.Decode(bytes);
                }
                catch (XdrException)
                {
                    return true;
                }
                foreach (var make in decoders)
                {
                    try
                    {
                        make().ReadFrom(packet.PayloadReader());
                    }
                    catch (XdrException)
                    {
                    }
                }
                return true;
            }).QuickCheckThrowOnFailure(Runs);
        }
    }

    internal static class PropertyExtensions
    {
        /// <summary>
        /// Runs a property <paramref name="runs"/> times and throws with the shrunk input on failure. CI replays a
        /// fixed seed so a run is repeatable; set LIBVIRTPS_FUZZ_RANDOM=1 for fresh inputs and LIBVIRTPS_FUZZ_RUNS=N for a longer local run.
        /// </summary>
        internal static void QuickCheckThrowOnFailure(this Property property, int runs)
        {
            if (int.TryParse(System.Environment.GetEnvironmentVariable("LIBVIRTPS_FUZZ_RUNS"), out int wanted) && wanted > 0) runs = wanted;
            var config = Config.QuickThrowOnFailure.WithMaxTest(runs);
            if (System.Environment.GetEnvironmentVariable("LIBVIRTPS_FUZZ_RANDOM") != "1")
                config = config.WithReplay(new Replay(new Rnd(0x5EED_1234UL, 0x9E3779B97F4A7C15UL), Microsoft.FSharp.Core.FSharpOption<int>.None));
            Check.One(config, property);
        }
    }
}
