# The cmdlets against a real libvirtd (test driver) over unix and tcp, with virsh as the oracle.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $unavailable = Get-TestDaemonUnavailableReason
    $daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }
}

AfterAll {
    Disconnect-Libvirt -All
    if ($daemon) { Stop-TestDaemon $daemon }
}

Describe 'Cmdlets against a real libvirtd over <Transport>' -ForEach @(@{ Transport = 'unix' }, @{ Transport = 'tcp' }) {
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $uri = if ($Transport -eq 'unix') { $daemon.UnixUri } else { $daemon.TcpUri }
    }

    AfterEach { Disconnect-Libvirt -All }

    It 'connects and reports what virsh reports' {
        $c = Connect-Libvirt $uri
        $c.IsAlive | Should -BeTrue
        $c.HypervisorType | Should -Be 'TEST'
        $c.LibvirtVersion | Should -Be ([version]'9.0.0')
        $c.HostName | Should -Be ((& virsh -c $uri hostname) -join '').Trim()
    }

    It 'lists the same domains, ids, UUIDs and states as virsh' {
        $null = Connect-Libvirt $uri
        $d = Get-LibvirtDomain
        $names = (& virsh -c $uri list --all --name) | Where-Object { $_ }
        @($d.Name) | Should -Be @($names)
        $d.Uuid.ToString() | Should -Be ((& virsh -c $uri domuuid test) -join '').Trim()
        $d.Id | Should -Be ([int]((& virsh -c $uri domid test) -join '').Trim())
        $d.State.ToString().ToLower() | Should -Be (((& virsh -c $uri domstate test) -join '').Trim() -replace ' ', '')
    }

    It 'lists with the bulk calls alone and reads memory, vCPUs and CPU time when first used, as virsh dominfo shows them' {
        $c = Connect-Libvirt $uri
        # the test driver's bulk stats carry only the state: without -Detailed no DOMAIN_GET_INFO (proc 16) goes out
        $out = Get-LibvirtDomain -Connection $c -Verbose 4>&1
        $d = $out | Where-Object { $_ -is [LibvirtPS.Core.Drivers.LibvirtDomain] }
        $wire = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $wire | Should -Match 'proc 273 '          # CONNECT_LIST_ALL_DOMAINS
        $wire | Should -Not -Match 'proc 16 '
        $info = & virsh -c $uri dominfo test
        $d.MaxMemory | Should -Be ([uint64]((($info -match '^Max memory:') -join '') -replace '\D', '') * 1KB)
        $d.Memory | Should -Be ([uint64]((($info -match '^Used memory:') -join '') -replace '\D', '') * 1KB)
        $d.VCpus | Should -Be ([int]((($info -match '^CPU\(s\):') -join '') -replace '\D', ''))
        $d.CpuTime | Should -BeGreaterThan ([timespan]::Zero)
        # -Detailed reads them during the listing (one DOMAIN_GET_INFO per domain, pipelined)
        $out = Get-LibvirtDomain -Connection $c -Detailed -Verbose 4>&1
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'proc 16 '
    }

    It 'keeps -Detailed values after disconnecting; without -Detailed unread values are empty, also in the table' {
        $c = Connect-Libvirt $uri
        $detailed = Get-LibvirtDomain -Connection $c -Detailed
        $lazy = Get-LibvirtDomain -Connection $c
        Disconnect-Libvirt $c
        $detailed.Memory | Should -BeGreaterThan 0
        $detailed.VCpus | Should -BeGreaterThan 0
        $lazy.Memory | Should -BeNullOrEmpty
        $lazy.VCpus | Should -BeNullOrEmpty
        $row = ($lazy | Format-Table -HideTableHeaders | Out-String -Width 200).Trim()
        $row | Should -Match '^\d+\s+test\s+Running\s+False'     # no 0 MiB or 00:00:00 that would look like values
        # PowerShell shows a failing property as empty; a .NET caller gets the reason
        $e = try { $null = [LibvirtPS.Core.Drivers.LibvirtDomain].GetProperty('Memory').GetValue($lazy); $null } catch { $_.Exception }
        while ($e -and $e -isnot [LibvirtPS.Core.Errors.LibvirtException]) { $e = $e.InnerException }
        $e.Message | Should -BeLike '*cannot read the memory, vCPUs and CPU time of the domains listed on*-Detailed*'
    }

    It 'reports a missing domain like Get-Process, with libvirt''s error inside' {
        $null = Connect-Libvirt $uri
        Get-LibvirtDomain nosuch -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DomainNotFound,*'
        # virsh hides the daemon's message behind its own; python-libvirt shows it
        $py = & /usr/bin/python3 -c "import libvirt,sys`nlibvirt.registerErrorHandler(lambda c, e: None, None)`ntry:`n  libvirt.open(sys.argv[1]).lookupByName('nosuch')`nexcept libvirt.libvirtError as e:`n  print(e.get_error_code()); print(str(e))" $uri
        [int]$errs[0].Exception.Code | Should -Be ([int]$py[0])
        $errs[0].Exception.Message | Should -Be $py[1]
    }

    It 'gives the host''s node info' {
        $null = Connect-Libvirt $uri
        $h = Get-LibvirtHost
        $h.CpuModel | Should -Be 'i686'
        $h.Cpus | Should -Be 16
    }

    It 'shows the wire with -Verbose' {
        $verbose = Connect-Libvirt $uri -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'proc 66 serial 0'
        ($verbose.Message -join "`n") | Should -Match 'proc 1 serial'
    }
}

Describe 'Connection errors against a real daemon' {
    It 'a refused tcp port gives virsh''s message' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $port = $daemon.Port + 1
        Connect-Libvirt "test+tcp://127.0.0.1:$port/default" -ErrorVariable errs -ErrorAction SilentlyContinue
        $virsh = (& virsh -c "test+tcp://127.0.0.1:$port/default" uri 2>&1 | Out-String)
        $errs[0].Exception.Message | Should -Be "unable to connect to server at '127.0.0.1:$port': Connection refused"
        $virsh | Should -Match ([regex]::Escape($errs[0].Exception.Message))
    }
}
