# Network cmdlets and Invoke-LibvirtGuestAgentCommand on test:///default (embedded driver) and on a private real
# libvirtd (test driver) with virsh as the oracle.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $unavailable = Get-TestDaemonUnavailableReason
    $daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }
    $script:netXml = @'
<network>
  <name>pester-net</name>
  <uuid>2f6b0c9e-1d4a-4e8b-9c37-5a1e2d3c4b5f</uuid>
  <forward mode='nat'/>
  <bridge name='virbr42'/>
  <ip address='10.42.0.1' netmask='255.255.255.0'>
    <dhcp><range start='10.42.0.2' end='10.42.0.99'/></dhcp>
  </ip>
</network>
'@
    # virsh net-list --all, as name -> "state autostart persistent"
    function VirshNets([string] $uri) {
        $h = @{}
        & virsh -c $uri net-list --all | Select-Object -Skip 2 | Where-Object { $_.Trim() } | ForEach-Object {
            $cols = -split $_
            $h[$cols[0]] = "$($cols[1]) $($cols[2]) $($cols[3])"
        }
        $h
    }
}

AfterAll {
    Disconnect-Libvirt -All
    if ($daemon) { Stop-TestDaemon $daemon }
}

Describe 'Networks on <Target>' -ForEach @(@{ Target = 'test:///default' }, @{ Target = 'a real libvirtd' }) {
    BeforeAll {
        $script:skip = $Target -ne 'test:///default' -and $unavailable
        if (-not $skip) {
            $script:uri = if ($Target -eq 'test:///default') { 'test:///default' } else { $daemon.UnixUri }
            # test:///default lives while a connection is open: keep this one for the whole block
            $script:c = Connect-Libvirt $uri
        }
    }
    BeforeEach {
        if ($skip) { Set-ItResult -Skipped -Because $unavailable; return }
    }
    AfterAll {
        if (-not $skip) {
            Remove-LibvirtNetwork pester-net -Force -Confirm:$false -Connection $c -ErrorAction SilentlyContinue
            Disconnect-Libvirt -All
        }
    }

    It 'lists the default network as virsh does' {
        $n = Get-LibvirtNetwork -Connection $c
        $n | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtNetwork
        $n.Name | Should -Be 'default'
        $n.Active | Should -BeTrue
        $n.Persistent | Should -BeTrue
        $n.Autostart | Should -BeFalse
        $n.Bridge | Should -Be 'virbr0'
        $n.Uuid | Should -Be ([guid]'dd8fe884-6c02-601e-7551-cca97df1c5df')
        (Get-LibvirtNetwork -Connection $c -Uuid $n.Uuid).Name | Should -Be 'default'
        (Get-LibvirtNetwork -Connection $c 'def*').Name | Should -Be 'default'
        Get-LibvirtNetwork -Connection $c 'Def*' | Should -BeNullOrEmpty   # names are case-sensitive
        ($c | Get-LibvirtNetwork).Name | Should -Be 'default'
        ('default' | Get-LibvirtNetwork -Connection $c).Name | Should -Be 'default'
        Get-LibvirtNetwork -Connection $c -Inactive | Should -BeNullOrEmpty
    }

    It 'shows a table view with virsh''s columns, headed and filled by the properties' {
        $text = Get-LibvirtNetwork -Connection $c | Out-String
        $text | Should -Match 'Name\s+Active\s+Autostart\s+Persistent\s+Bridge'
        $text | Should -Match 'default\s+True\s+False\s+True\s+virbr0'
        # every header is a property, so what the table shows is what a filter can use
        (Get-LibvirtNetwork -Connection $c | Where-Object Active).Name | Should -Be 'default'
    }

    It 'defines, starts, sets autostart, stops and removes; each step as virsh sees it' {
        $n = New-LibvirtNetwork -Xml $netXml -Connection $c
        $n.Name | Should -Be 'pester-net'
        $n.Active | Should -BeFalse
        if ($Target -ne 'test:///default') { (VirshNets $uri)['pester-net'] | Should -Be 'inactive no yes' }

        ($n | Start-LibvirtNetwork -PassThru).Active | Should -BeTrue
        (Get-LibvirtNetwork pester-net -Connection $c | Set-LibvirtNetwork -Autostart $true -PassThru).Autostart | Should -BeTrue
        if ($Target -ne 'test:///default') { (VirshNets $uri)['pester-net'] | Should -Be 'active yes yes' }

        Stop-LibvirtNetwork pester-net -Confirm:$false -Connection $c
        (Get-LibvirtNetwork pester-net -Connection $c).Active | Should -BeFalse
        if ($Target -ne 'test:///default') { (VirshNets $uri)['pester-net'] | Should -Be 'inactive yes yes' }

        Remove-LibvirtNetwork pester-net -Confirm:$false -Connection $c
        Get-LibvirtNetwork -Connection $c | Where-Object Name -eq 'pester-net' | Should -BeNullOrEmpty
        if ($Target -ne 'test:///default') { (VirshNets $uri).ContainsKey('pester-net') | Should -BeFalse }
    }

    It '-Start, then a running network needs -Force to be removed' {
        (New-LibvirtNetwork -Xml ([xml]$netXml) -Start -Connection $c).Active | Should -BeTrue
        Remove-LibvirtNetwork pester-net -Confirm:$false -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NetworkIsActive,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-LibvirtNetwork pester-net -Connection $c).Active | Should -BeTrue
        Get-LibvirtNetwork pester-net -Connection $c | Remove-LibvirtNetwork -Force -Confirm:$false
        Get-LibvirtNetwork -Connection $c | Where-Object Name -eq 'pester-net' | Should -BeNullOrEmpty
        if ($Target -ne 'test:///default') { (VirshNets $uri).ContainsKey('pester-net') | Should -BeFalse }
    }

    It '-Transient creates a running transient network that goes away when stopped' {
        $n = $netXml | New-LibvirtNetwork -Transient -Connection $c
        $n.Active | Should -BeTrue
        $n.Persistent | Should -BeFalse
        if ($Target -ne 'test:///default') { (VirshNets $uri)['pester-net'] | Should -Be 'active no no' }
        $n | Stop-LibvirtNetwork -Confirm:$false
        Get-LibvirtNetwork -Connection $c | Where-Object Name -eq 'pester-net' | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        New-LibvirtNetwork -Xml $netXml -WhatIf -Connection $c | Should -BeNullOrEmpty
        Get-LibvirtNetwork -Connection $c | Where-Object Name -eq 'pester-net' | Should -BeNullOrEmpty
        Set-LibvirtNetwork default -Autostart $true -WhatIf -Connection $c
        Stop-LibvirtNetwork default -WhatIf -Connection $c
        Remove-LibvirtNetwork default -Force -WhatIf -Connection $c
        $d = Get-LibvirtNetwork default -Connection $c
        ($d.Active, $d.Autostart, $d.Persistent) | Should -Be @($true, $false, $true)
        if ($Target -ne 'test:///default') { (VirshNets $uri)['default'] | Should -Be 'active no yes' }
    }

    It 'gives the XML as [xml], the same text virsh prints' {
        $x = Get-LibvirtNetworkXml default -Connection $c
        $x | Should -BeOfType System.Xml.XmlDocument
        $x.network.bridge.name | Should -Be 'virbr0'
        $x.network.forward.mode | Should -Be 'nat'
        $x.network.ip.dhcp.range.start | Should -Be '192.168.122.2'
        if ($Target -ne 'test:///default') {
            $v = [System.Xml.XmlDocument]::new()
            $v.PreserveWhitespace = $true
            $v.LoadXml(((& virsh -c $uri net-dumpxml default) -join "`n"))
            $x.OuterXml.Trim() | Should -Be $v.OuterXml.Trim()
        }
        # the test driver takes no flags: -Inactive is libvirt's "unsupported flags" error
        Get-LibvirtNetworkXml default -Inactive -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $err[0].Exception.Message | Should -Be 'unsupported flags (0x1) in function testNetworkGetXMLDesc'
    }

    It 'a missing network is NetworkNotFound; the others still come' {
        $out = Get-LibvirtNetwork nope, default -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'default'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NetworkNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Start-LibvirtNetwork nope -Connection $c -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'NetworkNotFound,*'
        $err2[0].Exception.Message | Should -Be "Network not found: no network with matching name 'nope'"
    }

    It 'DHCP leases: the test driver has none, reported as NotSupported with libvirt''s message' {
        Get-LibvirtNetworkDhcpLease default -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virNetworkGetDHCPLeases'
        if ($Target -ne 'test:///default') {
            (& virsh -c $uri net-dhcp-leases default 2>&1 | Out-String) | Should -Match ([regex]::Escape($err[0].Exception.Message))
        }
        { Get-LibvirtNetworkDhcpLease default -MacAddress 'not-a-mac' -Connection $c } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'guest agent: NotSupported on the test driver, as virsh qemu-agent-command reports' {
        Invoke-LibvirtGuestAgentCommand test -Command @{ execute = 'guest-ping' } -Timeout 5 -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virDomainQemuAgentCommand'
        if ($Target -ne 'test:///default') {
            (& virsh -c $uri qemu-agent-command test '{"execute":"guest-ping"}' 2>&1 | Out-String) | Should -Match ([regex]::Escape($err[0].Exception.Message))
        }
        # the domain from the pipeline, JSON text as given
        Get-LibvirtDomain test -Connection $c | Invoke-LibvirtGuestAgentCommand -Command '{"execute":"guest-info"}' -ErrorAction SilentlyContinue -ErrorVariable err3
        $err3[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        # text that is not JSON is refused before anything is sent
        { Invoke-LibvirtGuestAgentCommand test -Command '{not json' -Connection $c -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidGuestAgentCommand,*'
        # a hashtable becomes compact JSON; -Verbose shows it, and on a daemon the QEMU program call on the wire
        $cmd = [ordered]@{ execute = 'guest-exec'; arguments = [ordered]@{ path = '/bin/true'; arg = @('-x') } }
        $v = Invoke-LibvirtGuestAgentCommand test -Command $cmd -Connection $c -Verbose -ErrorAction SilentlyContinue 4>&1
        $verbose = ($v | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match ([regex]::Escape('{"execute":"guest-exec","arguments":{"path":"/bin/true","arg":["-x"]}}'))
        if ($Target -ne 'test:///default') { $verbose | Should -Match 'prog 0x20008087 proc 3' }
        # -WhatIf sends nothing (no error either)
        Invoke-LibvirtGuestAgentCommand test -Command @{ execute = 'guest-ping' } -WhatIf -Connection $c -ErrorVariable err4
        $err4.Count | Should -Be 0
    }
}

Describe 'Network name completion' {
    BeforeAll { Connect-Libvirt test:///default | Out-Null }
    AfterAll { Disconnect-Libvirt -All }
    It 'completes network names for <Command>' -ForEach @(
        @{ Command = 'Get-LibvirtNetwork' }, @{ Command = 'Start-LibvirtNetwork' }, @{ Command = 'Remove-LibvirtNetwork' },
        @{ Command = 'Get-LibvirtNetworkXml' }, @{ Command = 'Get-LibvirtNetworkDhcpLease' }) {
        $line = "$Command -Name def"
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.ListItemText | Should -Be @('default')
    }
}

Describe 'Guest agent reply on a scripted peer (no test driver has an agent)' {
    BeforeAll {
        $script:noPython = if (-not (Test-Path /usr/bin/python3)) { '/usr/bin/python3 is missing (the scripted peer is a python script)' } else { $null }
        if ($noPython) { return }
        $script:log = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-agent-" + [guid]::NewGuid().ToString('n') + ".log")
        $psi = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
        $psi.ArgumentList.Add("$PSScriptRoot/FakeAgentPeer.py")
        $psi.ArgumentList.Add('{"return":{"version":"8.0.0","supported_commands":[{"enabled":true,"name":"guest-ping"}]}}')
        $psi.ArgumentList.Add($log)
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $script:peer = [System.Diagnostics.Process]::Start($psi)
        $script:port = [int]$peer.StandardOutput.ReadLine()
    }
    AfterAll {
        Disconnect-Libvirt -All
        if ($peer) { $peer.StandardInput.Close(); if (-not $peer.WaitForExit(5000)) { $peer.Kill() } }
        if ($log) { Remove-Item $log -ErrorAction SilentlyContinue }
    }

    It 'sends the command on QEMU procedure 3 and writes the reply raw and parsed' {
        if ($noPython) { Set-ItResult -Skipped -Because $noPython; return }
        $r = Invoke-LibvirtGuestAgentCommand test -Command @{ execute = 'guest-info' } -Timeout 5 -Uri "test+tcp://127.0.0.1:$port/default"
        $r | Should -BeOfType LibvirtPS.Support.LibvirtGuestAgentResult
        $r.Domain | Should -Be 'test'
        $r.Command | Should -Be '{"execute":"guest-info"}'
        $r.Json | Should -Be '{"return":{"version":"8.0.0","supported_commands":[{"enabled":true,"name":"guest-ping"}]}}'
        $r.Return.version | Should -Be '8.0.0'
        $r.Return.supported_commands[0].name | Should -Be 'guest-ping'
        $r.Response.return.supported_commands[0].enabled | Should -BeTrue
        # the payload: dom "test"/uuid/id 1, cmd, timeout 5, flags 0 (qemu_domain_agent_command_args)
        @(Get-Content $log)[-1] | Should -Be ('00000004' + '74657374' + '6695eb01f6a4830479aa97f2502e193f' + '00000001' +
            '00000018' + ([BitConverter]::ToString([Text.Encoding]::ASCII.GetBytes('{"execute":"guest-info"}')) -replace '-', '').ToLower() +
            '00000005' + '00000000')
        ($r | Format-List | Out-String) | Should -Match 'Json\s+: \{"return"'
    }
}
