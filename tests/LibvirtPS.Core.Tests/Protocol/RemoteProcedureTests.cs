using System;
using System.Linq;
using LibvirtPS.Core.Protocol;
using Xunit;

namespace LibvirtPS.Core.Tests.Protocol
{
    /// <summary>Program and procedure numbers (libvirt-facts §7.4, §7.7, §7.8).</summary>
    public class RemoteProcedureTests
    {
        [Fact]
        public void ProgramNumbers()
        {
            Assert.Equal(0x20008086u, RemoteProgram.Program);
            Assert.Equal(1u, RemoteProgram.Version);
            Assert.Equal(0x6b656570u, KeepAliveProgram.Program);
            Assert.Equal("keep", System.Text.Encoding.ASCII.GetString(BitConverter.GetBytes(KeepAliveProgram.Program).Reverse().ToArray()));
            Assert.Equal(1u, KeepAliveProgram.Version);
            Assert.Equal(1, (int)KeepAliveProcedure.Ping);
            Assert.Equal(2, (int)KeepAliveProcedure.Pong);
        }

        [Fact]
        public void TheNineZeroListIsCompleteAndContiguous()
        {
            var values = Enum.GetValues(typeof(RemoteProcedure)).Cast<RemoteProcedure>().Select(p => (int)p).OrderBy(v => v).ToArray();
            Assert.Equal(Enumerable.Range(1, 443), values);
            Assert.Equal(443, Enum.GetNames(typeof(RemoteProcedure)).Distinct().Count());
        }

        [Theory]
        [InlineData(RemoteProcedure.ConnectOpen, 1)]
        [InlineData(RemoteProcedure.ConnectClose, 2)]
        [InlineData(RemoteProcedure.ConnectGetType, 3)]
        [InlineData(RemoteProcedure.ConnectGetVersion, 4)]
        [InlineData(RemoteProcedure.ConnectGetMaxVcpus, 5)]
        [InlineData(RemoteProcedure.NodeGetInfo, 6)]
        [InlineData(RemoteProcedure.ConnectGetCapabilities, 7)]
        [InlineData(RemoteProcedure.DomainCreate, 9)]
        [InlineData(RemoteProcedure.DomainCreateXml, 10)]
        [InlineData(RemoteProcedure.DomainDefineXml, 11)]
        [InlineData(RemoteProcedure.DomainDestroy, 12)]
        [InlineData(RemoteProcedure.DomainGetXmlDesc, 14)]
        [InlineData(RemoteProcedure.DomainGetAutostart, 15)]
        [InlineData(RemoteProcedure.DomainGetInfo, 16)]
        [InlineData(RemoteProcedure.DomainGetOsType, 19)]
        [InlineData(RemoteProcedure.DomainLookupById, 22)]
        [InlineData(RemoteProcedure.DomainLookupByName, 23)]
        [InlineData(RemoteProcedure.DomainLookupByUuid, 24)]
        [InlineData(RemoteProcedure.DomainReboot, 27)]
        [InlineData(RemoteProcedure.DomainResume, 28)]
        [InlineData(RemoteProcedure.DomainSetAutostart, 29)]
        [InlineData(RemoteProcedure.DomainShutdown, 33)]
        [InlineData(RemoteProcedure.DomainSuspend, 34)]
        [InlineData(RemoteProcedure.DomainUndefine, 35)]
        [InlineData(RemoteProcedure.ConnectGetHostname, 59)]
        [InlineData(RemoteProcedure.ConnectSupportsFeature, 60)]
        [InlineData(RemoteProcedure.AuthList, 66)]
        [InlineData(RemoteProcedure.AuthSaslInit, 67)]
        [InlineData(RemoteProcedure.AuthSaslStart, 68)]
        [InlineData(RemoteProcedure.AuthSaslStep, 69)]
        [InlineData(RemoteProcedure.AuthPolkit, 70)]
        [InlineData(RemoteProcedure.ConnectDomainEventRegister, 105)]
        [InlineData(RemoteProcedure.ConnectDomainEventDeregister, 106)]
        [InlineData(RemoteProcedure.DomainEventLifecycle, 107)]
        [InlineData(RemoteProcedure.ConnectGetUri, 110)]
        [InlineData(RemoteProcedure.DomainGetSecurityLabel, 121)]
        [InlineData(RemoteProcedure.NodeGetSecurityModel, 122)]
        [InlineData(RemoteProcedure.ConnectIsSecure, 149)]
        [InlineData(RemoteProcedure.DomainIsActive, 150)]
        [InlineData(RemoteProcedure.DomainIsPersistent, 151)]
        [InlineData(RemoteProcedure.ConnectGetLibVersion, 157)]
        [InlineData(RemoteProcedure.ConnectDomainEventRegisterAny, 167)]
        [InlineData(RemoteProcedure.ConnectDomainEventDeregisterAny, 168)]
        [InlineData(RemoteProcedure.DomainHasManagedSaveImage, 183)]
        [InlineData(RemoteProcedure.DomainSnapshotNum, 187)]
        [InlineData(RemoteProcedure.DomainCreateWithFlags, 196)]
        [InlineData(RemoteProcedure.ConnectGetSysinfo, 203)]
        [InlineData(RemoteProcedure.DomainGetState, 212)]
        [InlineData(RemoteProcedure.DomainUndefineFlags, 231)]
        [InlineData(RemoteProcedure.DomainDestroyFlags, 234)]
        [InlineData(RemoteProcedure.DomainShutdownFlags, 258)]
        [InlineData(RemoteProcedure.DomainSetMetadata, 264)]
        [InlineData(RemoteProcedure.DomainGetMetadata, 265)]
        [InlineData(RemoteProcedure.ConnectListAllDomains, 273)]
        [InlineData(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, 316)]
        [InlineData(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, 317)]
        [InlineData(RemoteProcedure.DomainEventCallbackLifecycle, 318)]
        [InlineData(RemoteProcedure.ConnectGetDomainCapabilities, 342)]
        [InlineData(RemoteProcedure.ConnectGetAllDomainStats, 344)]
        [InlineData(RemoteProcedure.DomainDefineXmlFlags, 350)]
        [InlineData(RemoteProcedure.ConnectRegisterCloseCallback, 360)]
        [InlineData(RemoteProcedure.ConnectUnregisterCloseCallback, 361)]
        [InlineData(RemoteProcedure.ConnectEventConnectionClosed, 362)]
        [InlineData(RemoteProcedure.ConnectSetIdentity, 419)]
        [InlineData(RemoteProcedure.DomainGetMessages, 426)]
        [InlineData(RemoteProcedure.DomainFdAssociate, 443)]
        public void FactsTableNumbers(RemoteProcedure procedure, int number)
        {
            Assert.Equal(number, (int)procedure);
        }

        [Fact]
        public void FeatureAndAuthNumbers()
        {
            Assert.Equal(10, (int)ConnectFeature.ProgramKeepalive);
            Assert.Equal(14, (int)ConnectFeature.RemoteEventCallback);
            Assert.Equal(15, (int)ConnectFeature.RemoteCloseCallback);
            Assert.Equal(16, (int)ConnectFeature.NetworkUpdateHasCorrectOrder);
            Assert.Equal(Enumerable.Range(1, 16), Enum.GetValues(typeof(ConnectFeature)).Cast<ConnectFeature>().Select(f => (int)f));
            Assert.Equal(new[] { 0, 1, 2 }, Enum.GetValues(typeof(RemoteAuthType)).Cast<RemoteAuthType>().Select(t => (int)t));
        }
    }
}
