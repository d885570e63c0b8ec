using System;
using LibvirtPS.Core.Protocol;

namespace LibvirtPS.Core.Drivers.Remote
{
    /// <summary>
    /// The parts of a CONNECT_GET_ALL_DOMAIN_STATS record a domain listing needs. Drivers return only the groups
    /// they implement (the test driver: state only), so each value may be missing.
    /// </summary>
    internal sealed class DomainStats
    {
        /// <summary>STATE | CPU_TOTAL | BALLOON | VCPU.</summary>
        internal const uint Groups = 1 | 2 | 4 | 8;

        internal DomainState? State;
        internal int? Reason;
        internal ulong? MaxMemory;
        internal ulong? Memory;
        internal ulong? VCpus;
        internal ulong? CpuTime;

        /// <summary>True when the record has everything DOMAIN_GET_INFO would add.</summary>
        internal bool HasDetails => State.HasValue && MaxMemory.HasValue && Memory.HasValue && VCpus.HasValue && CpuTime.HasValue;

        internal static DomainStats From(RemoteTypedParameter[] parameters)
        {
            var s = new DomainStats();
            foreach (var p in parameters)
            {
                switch (p.Field)
                {
                    case "state.state": s.State = (DomainState)Convert.ToInt32(p.Value); break;
                    case "state.reason": s.Reason = Convert.ToInt32(p.Value); break;
                    case "balloon.maximum": s.MaxMemory = Convert.ToUInt64(p.Value); break;
                    case "balloon.current": s.Memory = Convert.ToUInt64(p.Value); break;
                    case "vcpu.current": s.VCpus = Convert.ToUInt64(p.Value); break;
                    case "cpu.time": s.CpuTime = Convert.ToUInt64(p.Value); break;
                }
            }
            return s;
        }
    }
}
