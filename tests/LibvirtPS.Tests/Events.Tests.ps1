# Register-/Get-/Wait-/Unregister-LibvirtEvent and Stop-LibvirtDomain -Wait: on the embedded test:///default driver,
# and on a real libvirtd (test driver) with the changes made from outside by virsh ('virsh event' as the oracle).
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    function New-DomainXml([string] $Name, [string] $Extra = '') {
        "<domain type='test'><name>$Name</name><uuid>$([guid]::NewGuid())</uuid><memory>8192</memory>$Extra<os><type>hvm</type></os></domain>"
    }
}

Describe 'Events on test:///default' {
    BeforeAll {
        $script:c = Connect-Libvirt test:///default
    }
    AfterAll {
        Get-LibvirtEvent -ErrorAction SilentlyContinue | Out-Null
        Unregister-LibvirtEvent '*' -ErrorAction SilentlyContinue
        Disconnect-Libvirt -All
    }
    AfterEach {
        Unregister-LibvirtEvent '*'
        switch ((Get-LibvirtDomain test -Connection $c).State) {
            'Paused' { Resume-LibvirtDomain test -Connection $c }
            'Shutoff' { Start-LibvirtDomain test -Connection $c }
        }
    }

    It 'Register writes a subscriber and Get-LibvirtEvent returns typed events in order, once' {
        $s = Register-LibvirtDomainEvent -SourceIdentifier life
        $s | Should -BeOfType LibvirtPS.Support.LibvirtEventSubscriber
        $s.State | Should -Be 'Active'
        $s.Connection | Should -Be $c
        Suspend-LibvirtDomain test
        Resume-LibvirtDomain test
        $e = @(Get-LibvirtEvent -SourceIdentifier life)
        $e.Count | Should -Be 2
        $e[0] | Should -BeOfType LibvirtPS.Core.Drivers.Events.LibvirtDomainEvent
        "$($e[0].DomainName) $($e[0].Event) $($e[0].DetailName)" | Should -Be 'test Suspended Paused'
        "$($e[1].Event) $($e[1].DetailName)" | Should -Be 'Resumed Unpaused'
        $e[0].Connection | Should -Be $c
        $e[0].DomainUuid | Should -Be (Get-LibvirtDomain test).Uuid
        @(Get-LibvirtEvent -SourceIdentifier life).Count | Should -Be 0
        $s.Received | Should -Be 2
        # the default view shows what happened
        ($e | Out-String) | Should -Match 'Suspended\s+Paused'
    }

    It 'filters by name (wildcards) and event type' {
        $null = Register-LibvirtDomainEvent -Name 'ev*' -SourceIdentifier named
        $null = Register-LibvirtDomainEvent -EventType Stopped -SourceIdentifier stops
        $null = New-LibvirtDomain -Xml (New-DomainXml evA)
        Suspend-LibvirtDomain test
        Resume-LibvirtDomain test
        Remove-LibvirtDomain evA -Confirm:$false
        Stop-LibvirtDomain test -Force -Confirm:$false
        @(Get-LibvirtEvent named | ForEach-Object { "$($_.DomainName) $($_.Event)" }) | Should -Be @('evA Defined', 'evA Undefined')
        @(Get-LibvirtEvent stops | ForEach-Object { "$($_.DomainName) $($_.Event) $($_.DetailName)" }) | Should -Be @('test Stopped Destroyed')
    }

    It 'Wait-LibvirtEvent returns the first matching event and leaves the others queued' {
        $null = Register-LibvirtDomainEvent -SourceIdentifier w
        Suspend-LibvirtDomain test
        Resume-LibvirtDomain test
        $e = Wait-LibvirtEvent -SourceIdentifier w -EventType Resumed -Timeout 5
        $e.Event | Should -Be 'Resumed'
        @(Get-LibvirtEvent w).Event | Should -Be @('Suspended')
    }

    It 'Wait-LibvirtEvent times out with a clear error' {
        $null = Register-LibvirtDomainEvent -SourceIdentifier quiet
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $err = { Wait-LibvirtEvent quiet -Name test -EventType Crashed -Timeout 1 } | Should -Throw -PassThru
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        $err.FullyQualifiedErrorId | Should -BeLike 'WaitEventTimeout,*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -Match 'within 1 s'
    }

    It 'names an unknown source identifier, and refuses a duplicate one' {
        { Get-LibvirtEvent nosuch } | Should -Throw -ErrorId 'EventSubscriberNotFound,*'
        $null = Register-LibvirtDomainEvent -SourceIdentifier dup
        $out = Register-LibvirtDomainEvent -SourceIdentifier dup -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SourceIdentifierInUse,*'
    }

    It 'completes source identifiers of the session' {
        $null = Register-LibvirtDomainEvent -SourceIdentifier 'alpha-one'
        $null = Register-LibvirtNetworkEvent -SourceIdentifier 'alpha-two'
        $line = 'Wait-LibvirtEvent -SourceIdentifier alp'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @('alpha-one', 'alpha-two')
        $line = 'Unregister-LibvirtEvent alpha-t'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'alpha-two'
    }

    It 'Unregister -WhatIf keeps the subscriber; Unregister ends delivery (alias Unregister-LibvirtDomainEvent)' {
        $s = Register-LibvirtDomainEvent -SourceIdentifier gone
        Unregister-LibvirtEvent gone -WhatIf
        $s.State | Should -Be 'Active'
        Unregister-LibvirtDomainEvent gone
        $s.State | Should -Be 'Unregistered'
        Suspend-LibvirtDomain test
        { Get-LibvirtDomainEvent gone } | Should -Throw -ErrorId 'EventSubscriberNotFound,*'
        $s.Received | Should -Be 0
    }

    It 'closing the connection ends its subscribers, and Wait says so' {
        $c2 = Connect-Libvirt test:///default -NoDefault
        $s = Register-LibvirtDomainEvent -Connection $c2 -SourceIdentifier closing
        Disconnect-Libvirt -Connection $c2
        $s.State | Should -Be 'Closed'
        { Wait-LibvirtEvent closing -Timeout 5 } | Should -Throw -ErrorId 'EventSubscriberEnded,*'
    }

    It 'network and pool subscribers get what the driver hooks raise' {
        $null = Register-LibvirtNetworkEvent -Name 'def*' -SourceIdentifier net
        $null = Register-LibvirtStoragePoolEvent -EventType Refresh -SourceIdentifier pool
        $state = $c.Hypervisor.State
        $state.RaiseNetworkEvent('default', [guid]::NewGuid(), 'Stopped', 0)
        $state.RaiseNetworkEvent('other', [guid]::NewGuid(), 'Stopped', 0)
        $state.RaisePoolEvent('default-pool', [guid]::NewGuid(), 'Started', 0)
        $state.RaisePoolEvent('default-pool', [guid]::NewGuid(), 'Refresh', 0)
        $n = @(Get-LibvirtEvent net)
        $n.Count | Should -Be 1
        $n[0] | Should -BeOfType LibvirtPS.Core.Drivers.Events.LibvirtNetworkEvent
        "$($n[0].NetworkName) $($n[0].Event)" | Should -Be 'default Stopped'
        @(Get-LibvirtEvent pool | ForEach-Object { "$($_.PoolName) $($_.Event)" }) | Should -Be @('default-pool Refresh')
    }

    It 'network and pool subscribers see Start/Stop-LibvirtNetwork and Start/Stop/Update-LibvirtStoragePool as typed events' {
        $null = Register-LibvirtNetworkEvent -Name default -SourceIdentifier netops
        $null = Register-LibvirtStoragePoolEvent -Name default-pool -SourceIdentifier poolops
        $null = Register-LibvirtStoragePoolEvent -EventType Refresh -SourceIdentifier refreshes
        Stop-LibvirtNetwork default -Confirm:$false
        Start-LibvirtNetwork default
        Stop-LibvirtStoragePool default-pool -Confirm:$false
        Start-LibvirtStoragePool default-pool
        Update-LibvirtStoragePool default-pool
        # -WhatIf changes nothing, so raises nothing
        Stop-LibvirtNetwork default -WhatIf
        Update-LibvirtStoragePool default-pool -WhatIf
        $n = @(Get-LibvirtEvent netops)
        $n | ForEach-Object { $_ | Should -BeOfType LibvirtPS.Core.Drivers.Events.LibvirtNetworkEvent }
        @($n | ForEach-Object { "$($_.NetworkName) $($_.Event)" }) | Should -Be @('default Stopped', 'default Started')
        $n[0].NetworkUuid | Should -Be (Get-LibvirtNetwork default).Uuid
        $n[0].Connection | Should -Be $c
        $p = @(Get-LibvirtEvent poolops)
        $p | ForEach-Object { $_ | Should -BeOfType LibvirtPS.Core.Drivers.Events.LibvirtStoragePoolEvent }
        @($p | ForEach-Object { "$($_.PoolName) $($_.Event)" }) | Should -Be @('default-pool Stopped', 'default-pool Started', 'default-pool Refresh')
        $p[0].PoolUuid | Should -Be (Get-LibvirtStoragePool default-pool).Uuid
        @(Get-LibvirtEvent refreshes | ForEach-Object { "$($_.PoolName) $($_.Event) $($_.Kind)" }) | Should -Be @('default-pool Refresh StoragePoolRefresh')
        (Get-LibvirtNetwork default).Active | Should -BeTrue
        (Get-LibvirtStoragePool default-pool).State | Should -Be 'Running'
    }

    It 'a full queue drops the oldest events and says so once' {
        $null = Register-LibvirtNetworkEvent -SourceIdentifier flood
        $state = $c.Hypervisor.State
        $uuid = [guid]::NewGuid()
        for ($i = 0; $i -lt 10005; $i++) { $state.RaiseNetworkEvent("n$i", $uuid, 'Started', 0) }
        $e = @(Get-LibvirtEvent flood -WarningVariable w -WarningAction SilentlyContinue)
        $e.Count | Should -Be 10000
        $e[0].NetworkName | Should -Be 'n5'
        $w.Count | Should -Be 1
        "$w" | Should -Match '^5 events of .flood. were dropped'
        $null = Get-LibvirtEvent flood -WarningVariable w2 -WarningAction SilentlyContinue
        $w2.Count | Should -Be 0
    }

    It '-ToEventQueue posts to PowerShell''s own event queue' {
        $null = Register-LibvirtDomainEvent -SourceIdentifier psq -ToEventQueue
        Suspend-LibvirtDomain test
        $pe = Wait-Event -SourceIdentifier psq -Timeout 5
        $pe | Should -Not -BeNullOrEmpty
        $pe.SourceArgs[0].Event | Should -Be 'Suspended'
        $pe.MessageData.DomainName | Should -Be 'test'
        Remove-Event -SourceIdentifier psq
        @(Get-LibvirtEvent psq).Count | Should -Be 0
    }

    It 'Stop-LibvirtDomain -Wait returns once the domain is shut off, and times out clearly' {
        Stop-LibvirtDomain test -Wait -Timeout 10 -PassThru | ForEach-Object State | Should -Be 'Shutoff'
        $null = New-LibvirtDomain -Xml (New-DomainXml stubborn '<on_poweroff>restart</on_poweroff>') -Start
        $out = Stop-LibvirtDomain stubborn -Wait -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OperationTimeout,*'
        $err[0].Exception.Message | Should -Match "domain 'stubborn' did not shut off within 1 s"
        (Get-LibvirtDomain stubborn).State | Should -Be 'Running'
        Stop-LibvirtDomain stubborn -Force -Confirm:$false
        Remove-LibvirtDomain stubborn -Confirm:$false
    }
}

Describe 'Events from a real libvirtd, changes made by virsh' {
    BeforeAll {
        $daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }
    }
    AfterAll {
        Unregister-LibvirtEvent '*' -ErrorAction SilentlyContinue
        Disconnect-Libvirt -All
        if ($daemon) { Stop-TestDaemon $daemon }
    }
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $uri = $daemon.UnixUri
    }
    AfterEach {
        Unregister-LibvirtEvent '*' -ErrorAction SilentlyContinue
        Disconnect-Libvirt -All -ErrorAction SilentlyContinue
    }

    It 'sees each lifecycle change as virsh event reports it' {
        $null = Connect-Libvirt $uri
        $v = Register-LibvirtDomainEvent -SourceIdentifier remote -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
            ForEach-Object Message
        ($v -join "`n") | Should -Match 'proc 316 '
        $out = Join-Path $daemon.Dir 'virsh-event.txt'
        $virsh = Start-Process virsh -ArgumentList '-c', $uri, 'event', '--all', '--loop', '--timeout', '40' -RedirectStandardOutput $out -PassThru
        # virsh is listening once a marker change shows up in its output (it flushes each event); then both start even
        $deadline = (Get-Date).AddSeconds(20)
        do {
            & virsh -c $uri suspend test | Out-Null; & virsh -c $uri resume test | Out-Null
            Start-Sleep -Milliseconds 300
        } until (@(Get-Content $out -ErrorAction SilentlyContinue).Count -gt 0 -or (Get-Date) -gt $deadline)
        Start-Sleep -Milliseconds 300
        $skip = @(Get-Content $out).Count
        $null = Get-LibvirtEvent remote
        $xml = Join-Path $daemon.Dir 'pe1.xml'
        New-DomainXml pe1 | Set-Content $xml
        $tr = Join-Path $daemon.Dir 'ptr.xml'
        New-DomainXml ptr | Set-Content $tr
        foreach ($cmd in 'suspend test', 'resume test', 'shutdown test', 'start test', 'destroy test', 'start test', "define $xml", 'undefine pe1', "create $tr", 'destroy ptr') {
            & virsh -c $uri $cmd.Split(' ') | Out-Null
            $LASTEXITCODE | Should -Be 0 -Because "virsh $cmd"
        }
        $deadline = (Get-Date).AddSeconds(15)
        while (@(Get-Content $out).Count -lt $skip + 10 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $virsh.Kill()
        $expected = @(Get-Content $out | Select-Object -Skip $skip | Where-Object { $_ -match "^event 'lifecycle' for domain '([^']+)': (.+)$" } | ForEach-Object { "$($Matches[1]): $($Matches[2])" })
        $expected.Count | Should -Be 10
        $ours = @(1..10 | ForEach-Object { Wait-LibvirtEvent remote -Timeout 10 } | ForEach-Object { "$($_.DomainName): $($_.Event) $($_.DetailName)" })
        $ours | Should -Be $expected
        ((Unregister-LibvirtEvent remote -Verbose 4>&1 | ForEach-Object Message) -join "`n") | Should -Match 'proc 317 '
    }

    It 'sees network and pool changes made by virsh' {
        $null = Connect-Libvirt $uri
        $null = Register-LibvirtNetworkEvent -Name default -SourceIdentifier rnet
        $null = Register-LibvirtStoragePoolEvent -SourceIdentifier rpool
        & virsh -c $uri net-destroy default | Out-Null
        & virsh -c $uri net-start default | Out-Null
        & virsh -c $uri pool-refresh default-pool | Out-Null
        $n = Wait-LibvirtEvent rnet -EventType Stopped -Timeout 10
        $n.NetworkName | Should -Be 'default'
        (Wait-LibvirtEvent rnet -EventType Started -Timeout 10).NetworkName | Should -Be 'default'
        $p = Wait-LibvirtEvent rpool -EventType Refresh -Timeout 10
        $p.PoolName | Should -Be 'default-pool'
        $p.PoolUuid.ToString() | Should -Be ((& virsh -c $uri pool-uuid default-pool) -join '').Trim()
    }

    It 'a dying daemon ends the subscription with an error the user sees' {
        $d2 = Start-TestDaemon
        try {
            $c2 = Connect-Libvirt $d2.UnixUri
            $s = Register-LibvirtDomainEvent -Connection $c2 -SourceIdentifier dying
            Stop-Process -Id $d2.Pid -Force
            $err = { Wait-LibvirtEvent dying -Timeout 20 } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'EventSubscriberEnded,*'
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
            $err.Exception.Message | Should -Match 'the connection died'
            $s.State | Should -Be 'Failed'
        }
        finally {
            Stop-TestDaemon $d2
        }
    }

    It 'Stop-LibvirtDomain -Wait uses lifecycle events on the daemon' {
        $null = Connect-Libvirt $uri
        $v = Stop-LibvirtDomain test -Wait -Timeout 10 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($v -join "`n") | Should -Match 'proc 316 '
        ((& virsh -c $uri domstate test) -join '').Trim() | Should -Be 'shut off'
        & virsh -c $uri start test | Out-Null
    }
}

Describe 'Wait-LibvirtEvent and Ctrl+C' {
    It 'stops at once when the pipeline is stopped' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$PSScriptRoot/../../LibvirtPS.psd1'; `$null = Connect-Libvirt test:///default; `$null = Register-LibvirtDomainEvent -SourceIdentifier x; 'waiting'; Wait-LibvirtEvent x")
            $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $h = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $out)
            $deadline = (Get-Date).AddSeconds(30)
            while ($out.Count -eq 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $out[0] | Should -Be 'waiting'
            Start-Sleep -Milliseconds 300
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'The about_LibvirtPS events example' {
    AfterAll { Disconnect-Libvirt -All }

    It 'runs as printed and says what it says' {
        # the lines of the EVENTS section of docs/about_LibvirtPS.md, run as they are
        $page = Get-Content "$PSScriptRoot/../../docs/about_LibvirtPS.md"
        $start = [array]::IndexOf($page, '## EVENTS')
        $code = @($page[$start..($page.Count - 1)] | Select-Object -Skip 1 | Where-Object { $_ -match '^    ' } | Select-Object -First 6) -join "`n"
        $code | Should -Match 'Wait-LibvirtEvent'
        $out = & ([scriptblock]::Create($code))
        $out | Should -Be 'test stopped: Shutdown'
        Get-LibvirtEvent -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
