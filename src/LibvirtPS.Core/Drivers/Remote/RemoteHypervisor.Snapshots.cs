using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Protocol;
using LibvirtPS.Core.Rpc;

namespace LibvirtPS.Core.Drivers.Remote
{
    // Snapshots: the domain reference comes from DOMAIN_LOOKUP_BY_UUID (as for the lifecycle calls); a listing is
    // DOMAIN_LIST_ALL_SNAPSHOTS plus DOMAIN_SNAPSHOT_CURRENT in one round trip, then the XML of every snapshot as
    // pipelined batches (one more round trip whatever the count).
    public sealed partial class RemoteHypervisor
    {
        public async Task<IReadOnlyList<DomainSnapshotInfo>> ListDomainSnapshotsAsync(Guid domainUuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(domainUuid, cancellationToken).ConfigureAwait(false);
            // all snapshots, those with metadata (VIR_DOMAIN_SNAPSHOT_LIST_METADATA = 2) and the current one: one round trip,
            // instead of a SNAPSHOT_HAS_METADATA call per snapshot
            var list = CallAsync<DomainListAllSnapshotsArgs, DomainListAllSnapshotsRet>(RemoteProcedure.DomainListAllSnapshots,
                new DomainListAllSnapshotsArgs { Dom = dom, NeedResults = 1, Flags = 0 }, cancellationToken);
            var withMetadata = CallAsync<DomainListAllSnapshotsArgs, DomainListAllSnapshotsRet>(RemoteProcedure.DomainListAllSnapshots,
                new DomainListAllSnapshotsArgs { Dom = dom, NeedResults = 1, Flags = ListMetadata }, cancellationToken);
            var current = CurrentNameAsync(dom, cancellationToken);
            await Task.WhenAll(list, withMetadata, current).ConfigureAwait(false);
            var metadata = new HashSet<string>(withMetadata.Result.Snapshots.Select(s => s.Name), StringComparer.Ordinal);
            return await DetailsAsync(dom, list.Result.Snapshots.Select(s => s.Name).ToList(), current.Result, metadata, cancellationToken).ConfigureAwait(false);
        }

        private const uint ListMetadata = 2;

        public async Task<DomainSnapshotInfo> GetDomainSnapshotAsync(Guid domainUuid, string name, CancellationToken cancellationToken)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            var dom = await DomainRefAsync(domainUuid, cancellationToken).ConfigureAwait(false);
            var snap = (await CallAsync<DomainSnapshotLookupByNameArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotLookupByName,
                new DomainSnapshotLookupByNameArgs { Dom = dom, Name = name }, cancellationToken).ConfigureAwait(false)).Snap;
            return await OneAsync(dom, snap.Name, null, cancellationToken).ConfigureAwait(false);
        }

        public async Task<DomainSnapshotInfo> GetCurrentDomainSnapshotAsync(Guid domainUuid, CancellationToken cancellationToken)
        {
            var dom = await DomainRefAsync(domainUuid, cancellationToken).ConfigureAwait(false);
            var snap = (await CallAsync<DomainSnapshotDomainFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCurrent,
                new DomainSnapshotDomainFlagsArgs { Dom = dom }, cancellationToken).ConfigureAwait(false)).Snap;
            return await OneAsync(dom, snap.Name, true, cancellationToken).ConfigureAwait(false);
        }

        public async Task<DomainSnapshotInfo> CreateDomainSnapshotAsync(Guid domainUuid, string xml, DomainSnapshotCreateFlags flags, CancellationToken cancellationToken)
        {
            if (xml == null) throw new ArgumentNullException(nameof(xml));
            var dom = await DomainRefAsync(domainUuid, cancellationToken).ConfigureAwait(false);
            Trace("DOMAIN_SNAPSHOT_CREATE_XML on '" + dom.Name + "' flags 0x" + ((uint)flags).ToString("x"));
            var snap = (await CallAsync<DomainSnapshotCreateXmlArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCreateXml,
                new DomainSnapshotCreateXmlArgs { Dom = dom, XmlDesc = xml, Flags = (uint)flags }, cancellationToken).ConfigureAwait(false)).Snap;
            // HALT may have stopped the domain: the details need the domain reference anew (id -1)
            if ((flags & DomainSnapshotCreateFlags.Halt) != 0) dom = await DomainRefAsync(domainUuid, cancellationToken).ConfigureAwait(false);
            return await OneAsync(dom, snap.Name, null, cancellationToken).ConfigureAwait(false);
        }

        public async Task DeleteDomainSnapshotAsync(Guid domainUuid, string name, DomainSnapshotDeleteFlags flags, CancellationToken cancellationToken)
        {
            var snap = await SnapshotRefAsync(domainUuid, name, cancellationToken).ConfigureAwait(false);
            Trace("DOMAIN_SNAPSHOT_DELETE '" + name + "' flags 0x" + ((uint)flags).ToString("x"));
            await CallVoidAsync(RemoteProcedure.DomainSnapshotDelete, new DomainSnapshotFlagsArgs { Snap = snap, Flags = (uint)flags },
                cancellationToken).ConfigureAwait(false);
        }

        public async Task RevertToDomainSnapshotAsync(Guid domainUuid, string name, DomainSnapshotRevertFlags flags, CancellationToken cancellationToken)
        {
            var snap = await SnapshotRefAsync(domainUuid, name, cancellationToken).ConfigureAwait(false);
            Trace("DOMAIN_REVERT_TO_SNAPSHOT '" + name + "' flags 0x" + ((uint)flags).ToString("x"));
            await CallVoidAsync(RemoteProcedure.DomainRevertToSnapshot, new DomainSnapshotFlagsArgs { Snap = snap, Flags = (uint)flags },
                cancellationToken).ConfigureAwait(false);
        }

        // virDomainSnapshotLookupByName as virsh does before acting on a snapshot: a missing one fails here, with libvirt's text
        private async Task<RemoteNonnullDomainSnapshot> SnapshotRefAsync(Guid domainUuid, string name, CancellationToken ct)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            var dom = await DomainRefAsync(domainUuid, ct).ConfigureAwait(false);
            return (await CallAsync<DomainSnapshotLookupByNameArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotLookupByName,
                new DomainSnapshotLookupByNameArgs { Dom = dom, Name = name }, ct).ConfigureAwait(false)).Snap;
        }

        // the current snapshot's name; null when the domain has none (VIR_ERR_NO_DOMAIN_SNAPSHOT)
        private async Task<string?> CurrentNameAsync(RemoteNonnullDomain dom, CancellationToken ct)
        {
            try
            {
                return (await CallAsync<DomainSnapshotDomainFlagsArgs, DomainSnapshotRet>(RemoteProcedure.DomainSnapshotCurrent,
                    new DomainSnapshotDomainFlagsArgs { Dom = dom }, ct).ConfigureAwait(false)).Snap.Name;
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomainSnapshot)
            {
                return null;
            }
        }

        private async Task<DomainSnapshotInfo> OneAsync(RemoteNonnullDomain dom, string name, bool? isCurrent, CancellationToken ct)
        {
            var snap = new RemoteNonnullDomainSnapshot { Name = name, Dom = dom };
            var xml = CallAsync<DomainSnapshotFlagsArgs, DomainSnapshotGetXmlDescRet>(RemoteProcedure.DomainSnapshotGetXmlDesc,
                new DomainSnapshotFlagsArgs { Snap = snap }, ct);
            var meta = CallAsync<DomainSnapshotFlagsArgs, DomainSnapshotIntRet>(RemoteProcedure.DomainSnapshotHasMetadata,
                new DomainSnapshotFlagsArgs { Snap = snap }, ct);
            Task<DomainSnapshotIntRet>? current = isCurrent.HasValue ? null : CallAsync<DomainSnapshotFlagsArgs, DomainSnapshotIntRet>(
                RemoteProcedure.DomainSnapshotIsCurrent, new DomainSnapshotFlagsArgs { Snap = snap }, ct);
            await Task.WhenAll(xml, meta, current ?? Task.FromResult(new DomainSnapshotIntRet())).ConfigureAwait(false);
            return DomainSnapshotInfo.FromXml(dom.Name, LibvirtUuid.FromBytes(dom.Uuid), name, xml.Result.Xml,
                isCurrent ?? current!.Result.Value != 0, meta.Result.Value != 0);
        }

        // SNAPSHOT_GET_XML_DESC for many snapshots: batches written back to back, replies matched by serial
        private async Task<IReadOnlyList<DomainSnapshotInfo>> DetailsAsync(RemoteNonnullDomain dom, IReadOnlyList<string> names, string? current,
            HashSet<string> metadata, CancellationToken ct)
        {
            var result = new List<DomainSnapshotInfo>(names.Count);
            if (names.Count == 0) return result;
            // in chunks of BatchSize calls per write, as the domain listing does: modest buffers for very long lists
            var batches = new List<Task<RpcResult<DomainSnapshotGetXmlDescRet>[]>>();
            for (int start = 0; start < names.Count; start += BatchSize)
            {
                var args = names.Skip(start).Take(BatchSize)
                    .Select(n => new DomainSnapshotFlagsArgs { Snap = new RemoteNonnullDomainSnapshot { Name = n, Dom = dom } }).ToList();
                batches.Add(_rpc.CallManyAsync<DomainSnapshotFlagsArgs, DomainSnapshotGetXmlDescRet>(RemoteProgram.Program, RemoteProgram.Version,
                    (int)RemoteProcedure.DomainSnapshotGetXmlDesc, args, ct));
            }
            var xmls = (await Task.WhenAll(batches).ConfigureAwait(false)).SelectMany(b => b).ToArray();
            var uuid = LibvirtUuid.FromBytes(dom.Uuid);
            for (int i = 0; i < names.Count; i++)
            {
                var x = xmls[i];
                // a snapshot deleted between the list and this call is skipped; other errors are real
                if (x.Error != null) { if (x.Error.Code == LibvirtErrorCode.NoDomainSnapshot) continue; throw x.Error; }
                result.Add(DomainSnapshotInfo.FromXml(dom.Name, uuid, names[i], x.Value!.Xml, names[i] == current, metadata.Contains(names[i])));
            }
            return result;
        }
    }
}
