using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Support;

namespace LibvirtPS.Commands
{
    /// <summary>
    /// Set-LibvirtDomain: changes domain settings. -Autostart (virDomainSetAutostart); -Memory / -MaxMemory in bytes
    /// (virDomainSetMemory[Flags], virDomainSetMaxMemory / MEM_MAXIMUM); -VCpuCount / -MaxVCpuCount
    /// (virDomainSetVcpus[Flags], VCPU_MAXIMUM). -Live / -Config / -Current are virsh's --live / --config / --current;
    /// without any of them the legacy calls are made, as virsh setmem / setmaxmem / setvcpus do without flags.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LibvirtDomain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(LibvirtDomain))]
    public sealed class SetLibvirtDomainCommand : LibvirtDomainLifecycleCommandBase
    {
        /// <summary>Whether the domain starts when the host (libvirtd) starts.</summary>
        [Parameter]
        public bool Autostart { get; set; }

        /// <summary>The memory the guest has (the balloon), in bytes: a whole number of KiB (2GB works).</summary>
        [Parameter]
        public long Memory { get; set; }

        /// <summary>The maximum memory of the domain, in bytes: a whole number of KiB.</summary>
        [Parameter]
        public long MaxMemory { get; set; }

        /// <summary>The number of vCPUs.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int VCpuCount { get; set; }

        /// <summary>The maximum number of vCPUs (persistent definition only: needs -Config).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxVCpuCount { get; set; }

        /// <summary>Change the running domain (VIR_DOMAIN_AFFECT_LIVE, virsh --live).</summary>
        [Parameter]
        public SwitchParameter Live { get; set; }

        /// <summary>Change the persistent definition (VIR_DOMAIN_AFFECT_CONFIG, virsh --config).</summary>
        [Parameter]
        public SwitchParameter Config { get; set; }

        /// <summary>The running domain if it runs, else the persistent definition (VIR_DOMAIN_AFFECT_CURRENT, virsh --current).</summary>
        [Parameter]
        public SwitchParameter Current { get; set; }

        private bool Has(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        private bool HasSizing => Has(nameof(Memory)) || Has(nameof(MaxMemory)) || Has(nameof(VCpuCount)) || Has(nameof(MaxVCpuCount));

        /// <summary>Null: no switch given (the legacy calls, as virsh without flags).</summary>
        private DomainModificationImpact? Impact
        {
            get
            {
                if (Current) return DomainModificationImpact.Current;
                if (!Live && !Config) return null;
                return (Live ? DomainModificationImpact.Live : 0) | (Config ? DomainModificationImpact.Config : 0);
            }
        }

        protected override void BeginProcessing()
        {
            if (!Has(nameof(Autostart)) && !HasSizing)
                Refuse("NoSettingGiven", "Give at least one setting: -Autostart, -Memory, -MaxMemory, -VCpuCount or -MaxVCpuCount.", null);
            if (Current && (Live || Config))
                Refuse("ExclusiveParameters", "-Current and -" + (Live ? "Live" : "Config") + " are mutually exclusive (as virsh's --current and --" +
                    (Live ? "live" : "config") + "): -Current means the running domain if it runs, else the persistent definition.", "Current");
            if ((Live || Config || Current) && !HasSizing)
                Refuse("ImpactWithoutSetting", "-Live, -Config and -Current apply to -Memory, -MaxMemory, -VCpuCount and -MaxVCpuCount; autostart has no such choice.", null);
            if (Has(nameof(MaxVCpuCount)) && !Config)
                Refuse("MaxVCpuCountNeedsConfig", "-MaxVCpuCount changes the persistent definition only: add -Config (as virsh setvcpus --maximum needs --config).", "MaxVCpuCount");
            if (Has(nameof(Memory))) CheckSize(nameof(Memory), Memory);
            if (Has(nameof(MaxMemory))) CheckSize(nameof(MaxMemory), MaxMemory);
            base.BeginProcessing();
        }

        /// <summary>libvirt takes KiB: the size must be a positive whole number of KiB.</summary>
        private void CheckSize(string parameter, long bytes)
        {
            if (bytes < 1024)
                Refuse("InvalidMemorySize", "-" + parameter + " must be at least 1 KiB (1024 bytes); " + bytes.ToString(CultureInfo.InvariantCulture) + " is not.", parameter);
            if (bytes % 1024 != 0)
                Refuse("InvalidMemorySize", "-" + parameter + " must be a whole number of KiB (a multiple of 1024 bytes), as libvirt takes KiB; " +
                    bytes.ToString(CultureInfo.InvariantCulture) + " bytes is " + (bytes / 1024.0).ToString("0.###", CultureInfo.InvariantCulture) + " KiB.", parameter);
        }

        private void Refuse(string id, string message, string? parameter) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, parameter), id, ErrorCategory.InvalidArgument, parameter));

        protected override string Action => "Set " + string.Join(", ", Describe());

        private IEnumerable<string> Describe()
        {
            string scope = Impact == null ? "" : " (" + (Impact == DomainModificationImpact.Current ? "current" :
                string.Join("+", Live ? "live" : null, Config ? "config" : null).Trim('+')) + ")";
            if (Has(nameof(MaxMemory))) yield return "MaxMemory=" + Kib(MaxMemory) + scope;
            if (Has(nameof(Memory))) yield return "Memory=" + Kib(Memory) + scope;
            if (Has(nameof(MaxVCpuCount))) yield return "MaxVCpuCount=" + MaxVCpuCount.ToString(CultureInfo.InvariantCulture) + scope;
            if (Has(nameof(VCpuCount))) yield return "VCpuCount=" + VCpuCount.ToString(CultureInfo.InvariantCulture) + scope;
            if (Has(nameof(Autostart))) yield return "Autostart=" + (Autostart ? "true" : "false");
        }

        private static string Kib(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB";

        protected override string ErrorId => Has(nameof(Autostart)) && !HasSizing ? "SetDomainAutostartFailed" : "SetDomainFailed";

        protected override Task ActAsync(LibvirtConnection connection, DomainInfo domain, PipelineOutput output, CancellationToken cancellationToken)
        {
            foreach (var call in WireCalls()) output.Verbose(domain.Name + " on " + connection.Uri + ": " + call);
            return base.ActAsync(connection, domain, output, cancellationToken);
        }

        /// <summary>The procedures in the order they are sent (for -Verbose).</summary>
        private IEnumerable<string> WireCalls()
        {
            uint flags = (uint)(Impact ?? DomainModificationImpact.Current);
            string F(uint extra) => " flags=" + (flags | extra).ToString(CultureInfo.InvariantCulture);
            if (Has(nameof(MaxMemory))) yield return Impact == null ? "DOMAIN_SET_MAX_MEMORY " + Kib(MaxMemory) : "DOMAIN_SET_MEMORY_FLAGS " + Kib(MaxMemory) + F(4) + " (MEM_MAXIMUM)";
            if (Has(nameof(Memory))) yield return Impact == null ? "DOMAIN_SET_MEMORY " + Kib(Memory) : "DOMAIN_SET_MEMORY_FLAGS " + Kib(Memory) + F(0);
            if (Has(nameof(MaxVCpuCount))) yield return "DOMAIN_SET_VCPUS_FLAGS " + MaxVCpuCount.ToString(CultureInfo.InvariantCulture) + F(4) + " (VCPU_MAXIMUM)";
            if (Has(nameof(VCpuCount))) yield return Impact == null ? "DOMAIN_SET_VCPUS " + VCpuCount.ToString(CultureInfo.InvariantCulture) : "DOMAIN_SET_VCPUS_FLAGS " + VCpuCount.ToString(CultureInfo.InvariantCulture) + F(0);
            if (Has(nameof(Autostart))) yield return "DOMAIN_SET_AUTOSTART " + (Autostart ? "1" : "0");
        }

        /// <summary>Maximums first (so that a larger value fits), then values, then autostart; the first failure stops the rest for this domain.</summary>
        protected override async Task Operation(IHypervisor hypervisor, Guid uuid)
        {
            var impact = Impact;
            var ct = CancellationToken;
            if (Has(nameof(MaxMemory))) await hypervisor.SetDomainMaxMemoryAsync(uuid, (ulong)MaxMemory / 1024, impact, ct).ConfigureAwait(false);
            if (Has(nameof(Memory))) await hypervisor.SetDomainMemoryAsync(uuid, (ulong)Memory / 1024, impact, ct).ConfigureAwait(false);
            if (Has(nameof(MaxVCpuCount))) await hypervisor.SetDomainVcpusAsync(uuid, (uint)MaxVCpuCount, impact, true, ct).ConfigureAwait(false);
            if (Has(nameof(VCpuCount))) await hypervisor.SetDomainVcpusAsync(uuid, (uint)VCpuCount, impact, false, ct).ConfigureAwait(false);
            if (Has(nameof(Autostart))) await hypervisor.SetDomainAutostartAsync(uuid, Autostart, ct).ConfigureAwait(false);
        }
    }
}
