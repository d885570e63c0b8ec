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
