namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// testConnectGetCapabilities for test:///default: the capabilities XML exactly as libvirt 9.0's test driver formats
    /// it (taken from a libvirtd test:///default; testBuildCapabilities: i686 host with 2 NUMA cells of 8 CPUs, hvm and
    /// xen guests, the testSecurity model). Compared with the daemon's text by the settings integration tests.
    /// </summary>
    internal static class TestHostCapabilities
    {
        /// <summary>virNodeGetFreeMemory of test:///default (testNodeGetFreeMemory: the cells' free memory), in bytes.</summary>
        internal const ulong FreeMemoryBytes = 3145728;

        /// <summary>A node XML file's capabilities: the same, with no NUMA cells (the file's cells are not modelled).</summary>
        internal static readonly string NodeFileXml = System.Text.RegularExpressions.Regex.Replace(Xml, "<cells num='2'>.*?</cells>",
            "<cells num='0'>\n      </cells>", System.Text.RegularExpressions.RegexOptions.Singleline);

        internal const string Xml = @"<capabilities>

  <host>
    <cpu>
      <arch>i686</arch>
      <features>
        <pae/>
        <nonpae/>
      </features>
      <pages unit='KiB' size='4'/>
      <pages unit='KiB' size='8'/>
      <pages unit='KiB' size='2048'/>
      <pages unit='KiB' size='1048576'/>
    </cpu>
    <power_management/>
    <iommu support='no'/>
    <topology>
      <cells num='2'>
        <cell id='0'>
          <memory unit='KiB'>2097152</memory>
          <pages unit='KiB' size='4'>524288</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <pages unit='KiB' size='1048576'>0</pages>
          <cpus num='8'>
            <cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>
            <cpu id='1' socket_id='0' die_id='0' core_id='1' siblings='1'/>
            <cpu id='2' socket_id='0' die_id='0' core_id='2' siblings='2'/>
            <cpu id='3' socket_id='0' die_id='0' core_id='3' siblings='3'/>
            <cpu id='4' socket_id='0' die_id='0' core_id='4' siblings='4'/>
            <cpu id='5' socket_id='0' die_id='0' core_id='5' siblings='5'/>
            <cpu id='6' socket_id='0' die_id='0' core_id='6' siblings='6'/>
            <cpu id='7' socket_id='0' die_id='0' core_id='7' siblings='7'/>
          </cpus>
        </cell>
        <cell id='1'>
          <memory unit='KiB'>4194304</memory>
          <pages unit='KiB' size='8'>524288</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <pages unit='KiB' size='1048576'>0</pages>
          <cpus num='8'>
            <cpu id='8' socket_id='1' die_id='0' core_id='0' siblings='8'/>
            <cpu id='9' socket_id='1' die_id='0' core_id='1' siblings='9'/>
            <cpu id='10' socket_id='1' die_id='0' core_id='2' siblings='10'/>
            <cpu id='11' socket_id='1' die_id='0' core_id='3' siblings='11'/>
            <cpu id='12' socket_id='1' die_id='0' core_id='4' siblings='12'/>
            <cpu id='13' socket_id='1' die_id='0' core_id='5' siblings='13'/>
            <cpu id='14' socket_id='1' die_id='0' core_id='6' siblings='14'/>
            <cpu id='15' socket_id='1' die_id='0' core_id='7' siblings='15'/>
          </cpus>
        </cell>
      </cells>
    </topology>
    <secmodel>
      <model>testSecurity</model>
      <doi></doi>
    </secmodel>
  </host>

  <guest>
    <os_type>hvm</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/test-hv</emulator>
      <domain type='test'/>
    </arch>
    <features>
      <pae/>
      <nonpae/>
    </features>
  </guest>

  <guest>
    <os_type>xen</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/test-hv</emulator>
      <domain type='test'/>
    </arch>
    <features>
      <pae/>
      <nonpae/>
    </features>
  </guest>

</capabilities>
";
    }
}
