using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Remote
{
    // Memory/vCPU settings, save/restore, undefine flags, host facts. Without flags the legacy procedure is used,
    // as virsh does, so that a daemon gives the same answer to us and to virsh.
    public sealed partial class RemoteHypervisor
    {
        private const uint MemMaximum = 4, VcpuMaximum = 4;

        public async Task SetDomainMemoryAsync(Guid uuid, ulong kib, DomainModificationImpact? impact, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            if (impact == null)
                await CallVoidAsync(RemoteProcedure.DomainSetMemory, new DomainSetMemoryArgs { Dom = dom, Memory = kib }, cancellationToken).ConfigureAwait(false);
            else
                await CallVoidAsync(RemoteProcedure.DomainSetMemoryFlags,
                    new DomainSetMemoryFlagsArgs { Dom = dom, Memory = kib, Flags = (uint)impact.Value }, cancellationToken).ConfigureAwait(false);
        }

        public async Task SetDomainMaxMemoryAsync(Guid uuid, ulong kib, DomainModificationImpact? impact, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            if (impact == null)
                await CallVoidAsync(RemoteProcedure.DomainSetMaxMemory, new DomainSetMaxMemoryArgs { Dom = dom, Memory = kib }, cancellationToken).ConfigureAwait(false);
            else
                await CallVoidAsync(RemoteProcedure.DomainSetMemoryFlags,
                    new DomainSetMemoryFlagsArgs { Dom = dom, Memory = kib, Flags = (uint)impact.Value | MemMaximum }, cancellationToken).ConfigureAwait(false);
        }

        public async Task SetDomainVcpusAsync(Guid uuid, uint count, DomainModificationImpact? impact, bool maximum, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            if (impact == null && !maximum)
                await CallVoidAsync(RemoteProcedure.DomainSetVcpus, new DomainSetVcpusArgs { Dom = dom, Nvcpus = count }, cancellationToken).ConfigureAwait(false);
            else
                await CallVoidAsync(RemoteProcedure.DomainSetVcpusFlags,
                    new DomainSetVcpusFlagsArgs { Dom = dom, Nvcpus = count, Flags = (uint)(impact ?? DomainModificationImpact.Current) | (maximum ? VcpuMaximum : 0) },
                    cancellationToken).ConfigureAwait(false);
        }

        public async Task<int> GetDomainVcpusAsync(Guid uuid, DomainModificationImpact impact, bool maximum, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            var r = await CallAsync<DomainGetVcpusFlagsArgs, DomainGetVcpusFlagsRet>(RemoteProcedure.DomainGetVcpusFlags,
                new DomainGetVcpusFlagsArgs { Dom = dom, Flags = (uint)impact | (maximum ? VcpuMaximum : 0) }, cancellationToken).ConfigureAwait(false);
            return r.Num;
        }

        public async Task SaveDomainAsync(Guid uuid, string path, DomainSaveFlags flags, CancellationToken cancellationToken)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            if (flags == DomainSaveFlags.None)
                await CallVoidAsync(RemoteProcedure.DomainSave, new DomainSaveArgs { Dom = dom, To = path }, cancellationToken).ConfigureAwait(false);
            else
                await CallVoidAsync(RemoteProcedure.DomainSaveFlags, new DomainSaveFlagsArgs { Dom = dom, To = path, Dxml = null, Flags = (uint)flags },
                    cancellationToken).ConfigureAwait(false);
        }

        public Task RestoreDomainAsync(string path, DomainSaveFlags flags, CancellationToken cancellationToken)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return flags == DomainSaveFlags.None
                ? CallVoidAsync(RemoteProcedure.DomainRestore, new DomainRestoreArgs { From = path }, cancellationToken)
                : CallVoidAsync(RemoteProcedure.DomainRestoreFlags, new DomainRestoreFlagsArgs { From = path, Dxml = null, Flags = (uint)flags }, cancellationToken);
        }

        public async Task<string> GetSaveImageXmlAsync(string path, CancellationToken cancellationToken)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var r = await CallAsync<DomainSaveImageGetXmlDescArgs, DomainSaveImageGetXmlDescRet>(RemoteProcedure.DomainSaveImageGetXmlDesc,
                new DomainSaveImageGetXmlDescArgs { File = path, Flags = 0 }, cancellationToken).ConfigureAwait(false);
            return r.Xml;
        }

        public async Task ManagedSaveDomainAsync(Guid uuid, DomainSaveFlags flags, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainManagedSave, new DomainManagedSaveArgs { Dom = dom, Flags = (uint)flags }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> HasManagedSaveImageAsync(Guid uuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            var r = await CallAsync<DomainHasManagedSaveImageArgs, DomainHasManagedSaveImageRet>(RemoteProcedure.DomainHasManagedSaveImage,
                new DomainHasManagedSaveImageArgs { Dom = dom, Flags = 0 }, cancellationToken).ConfigureAwait(false);
            return r.Result != 0;
        }

        public async Task UndefineDomainFlagsAsync(Guid uuid, DomainUndefineFlags flags, CancellationToken cancellationToken)
        {
            if (flags == DomainUndefineFlags.None)
            {
                await UndefineDomainAsync(uuid, cancellationToken).ConfigureAwait(false);
                return;
            }
            var dom = await DomainRefAsync(uuid, cancellationToken).ConfigureAwait(false);
            await CallVoidAsync(RemoteProcedure.DomainUndefineFlags, new DomainUndefineFlagsArgs { Dom = dom, Flags = (uint)flags }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<ulong> GetNodeFreeMemoryAsync(CancellationToken cancellationToken) =>
            (await CallAsync<VoidMessage, NodeGetFreeMemoryRet>(RemoteProcedure.NodeGetFreeMemory, new VoidMessage(), cancellationToken).ConfigureAwait(false)).FreeMem;

        public async Task<string> GetHostCapabilitiesXmlAsync(CancellationToken cancellationToken) =>
            (await CallAsync<VoidMessage, ConnectGetCapabilitiesRet>(RemoteProcedure.ConnectGetCapabilities, new VoidMessage(), cancellationToken).ConfigureAwait(false)).Capabilities;
    }
}
