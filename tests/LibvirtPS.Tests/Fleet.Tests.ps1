# Fleets of hosts: Connect-Libvirt over many URIs, Get-LibvirtDomain over many connections and the domain cmdlets on
# objects of many hosts, against several private libvirtd (TestDaemon.psm1) with virsh as the oracle; and the
# about_LibvirtPS runbook example, run as it stands in the doc.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:daemonSkip = Get-TestDaemonUnavailableReason
    if (-not $script:daemonSkip -and -not (Get-Command virsh -ErrorAction SilentlyContinue)) { $script:daemonSkip = 'virsh is not installed (the oracle)' }
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    function Invoke-Virsh([string] $Uri) {
        $out = & virsh -q -c $Uri @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "virsh $args failed: $out" }
        @($out | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
    }
}

Describe 'Connect-Libvirt over many URIs without a daemon' {
    AfterEach { Disconnect-Libvirt -All }

    It 'opens the good URIs, gives the bad one its own error, and the default is the last good URI given' {
        $bad = 'test+unix:///default?socket=/nonexistent/libvirtps-fleet/sock'
        $conns = Connect-Libvirt test:///default, $bad, test:///default -ErrorVariable err -ErrorAction SilentlyContinue
        @($conns).Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err[0].TargetObject | Should -Be $bad
        $err[0].Exception.Message | Should -Match '/nonexistent/libvirtps-fleet/sock'
        # both opened; the default is one of them (the same URI): -NoDefault keeps it
        (Get-LibvirtConnection -Default) | Should -BeIn $conns
        $before = Get-LibvirtConnection -Default
        $null = Connect-Libvirt test:///default, test:///default -NoDefault -ThrottleLimit 1
        Get-LibvirtConnection -Default | Should -Be $before
    }

    Context 'a host that never answers' -Skip:(-not $IsLinux) {
        BeforeAll {
            # a unix socket that takes connections (the kernel's backlog) and never answers: libvirt's hung host
            $script:hungDir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-hung-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
            New-Item -ItemType Directory $hungDir | Out-Null
            $script:hungSocket = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::Unix, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Unspecified)
            $hungSocket.Bind([Net.Sockets.UnixDomainSocketEndPoint]::new("$hungDir/sock"))
            $hungSocket.Listen(16)
            $script:hungUri = "test+unix:///default?socket=$hungDir/sock"
        }
        AfterAll {
            $hungSocket.Dispose()
            Remove-Item $hungDir -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'writes the other connections as they open, before the hung one times out' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $seen = Connect-Libvirt $hungUri, test:///default, test:///default -Timeout 3 -ErrorVariable err -ErrorAction SilentlyContinue |
                ForEach-Object { [pscustomobject]@{ Ms = $sw.ElapsedMilliseconds; Connection = $_ } }
            $total = $sw.ElapsedMilliseconds
            @($seen).Count | Should -Be 2
            $total | Should -BeGreaterOrEqual 2900
            foreach ($s in $seen) { $s.Ms | Should -BeLessThan 2500 -Because 'an open connection is written at once, not after the slowest host' }
            $err.Count | Should -Be 1
            $err[0].TargetObject | Should -Be $hungUri
            $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }

        It '-ThrottleLimit 1 opens one at a time: the next host waits for the hung one' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $seen = Connect-Libvirt $hungUri, test:///default -Timeout 2 -ThrottleLimit 1 -ErrorAction SilentlyContinue |
                ForEach-Object { $sw.ElapsedMilliseconds }
            @($seen).Count | Should -Be 1
            $seen | Should -BeGreaterOrEqual 1900
        }
    }

    It 'rejects a -ThrottleLimit below 1' {
        { Connect-Libvirt test:///default -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LibvirtPS.Commands.ConnectLibvirtCommand'
        { Get-LibvirtDomain -Uri test:///default -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LibvirtPS.Commands.GetLibvirtDomainCommand'
    }
}

Describe 'Fleet of private daemons' -Skip:([bool]$script:daemonSkip) {
    BeforeAll {
        $script:daemons = @(1..3 | ForEach-Object { Start-TestDaemon })
        $script:uris = @($daemons.UnixUri)
        # each daemon gets its own domains, defined with virsh (what virsh creates, we must see)
        $script:xmlDir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-fleet-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory $xmlDir | Out-Null
        # the connections stay open for the whole block: a daemon's test:///default resets when its last one closes
        $script:conns = @(Connect-Libvirt $uris -ThrottleLimit 2)
        for ($h = 0; $h -lt 3; $h++) {
            for ($i = 0; $i -le $h + 1; $i++) {
                $f = Join-Path $xmlDir "h$h-$i.xml"
                "<domain type='test'><name>fleet-h$h-$i</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>" | Set-Content $f
                $null = Invoke-Virsh $uris[$h] define $f
            }
        }
        function Get-ConnOf([int] $h) { $conns | Where-Object { $_.Plan.SocketPath -eq $daemons[$h].Socket } }
        function Get-VirshStates([int] $h) {
            $states = @{}
            foreach ($n in Invoke-Virsh $uris[$h] list --all --name) { $states[$n] = "$(Invoke-Virsh $uris[$h] domstate $n)" }
            $states
        }
    }
    AfterAll {
        Disconnect-Libvirt -All
        foreach ($d in $daemons) { Stop-TestDaemon $d }
        Remove-Item $xmlDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'connected to every daemon, and the default is the last URI given' {
        $conns.Count | Should -Be 3
        foreach ($h in 0..2) { Get-ConnOf $h | Should -Not -BeNullOrEmpty }
        (Get-LibvirtConnection -Default).Plan.SocketPath | Should -Be $daemons[2].Socket
    }

    It 'opens good daemons around a bad URI: one error for it, the others open' {
        $bad = "test+unix:///default?socket=$($daemons[0].Dir)/run/no-such-sock"
        $more = Connect-Libvirt $uris[0], $bad, $uris[1] -NoDefault -ErrorVariable err -ErrorAction SilentlyContinue
        try {
            @($more).Count | Should -Be 2
            @($more.Plan.SocketPath) | Sort-Object | Should -Be (@($daemons[0].Socket, $daemons[1].Socket) | Sort-Object)
            $err.Count | Should -Be 1
            $err[0].TargetObject | Should -Be $bad
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }
        finally { $more | Disconnect-Libvirt }
    }

    It 'lists every host concurrently, each domain carrying its connection, as virsh lists each host' -ForEach @(@{ Limit = 32 }, @{ Limit = 1 }) {
        $all = Get-LibvirtDomain -Connection $conns -ThrottleLimit $Limit
        foreach ($h in 0..2) {
            $c = Get-ConnOf $h
            $mine = @($all | Where-Object { [object]::ReferenceEquals($_.Connection, $c) })
            $virsh = Invoke-Virsh $uris[$h] list --all --name
            @($mine.Name | Sort-Object) | Should -Be @($virsh | Sort-Object)
            $mine.Name | Should -Contain "fleet-h$h-$($h + 1)"
            # each host's domains come together, sorted by name
            @($mine.Name) | Should -Be @($mine.Name | Sort-Object { $_ } -CaseSensitive)
        }
        $all.Count | Should -Be (3 + 2 + 3 + 4)
        # the default table tells the hosts apart by connection id
        ($all | Format-Table | Out-String -Width 250) | Should -Match 'Conn'
    }

    It 'gives a failing host its own error and still lists the others' {
        $extra = Connect-Libvirt $uris[1] -NoDefault
        $extra | Disconnect-Libvirt
        $out = Get-LibvirtDomain -Connection $conns[0], $extra, $conns[2] -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionClosed,*'
        $err[0].TargetObject | Should -Be $extra
        @($out.Connection | Select-Object -Unique).Count | Should -Be 2
    }

    It '-WhatIf on the domains of every host changes nothing (virsh)' {
        $before = foreach ($h in 0..2) { Get-VirshStates $h }
        Get-LibvirtDomain -Connection $conns | Stop-LibvirtDomain -Force -WhatIf
        Get-LibvirtDomain -Connection $conns fleet-* | Start-LibvirtDomain -WhatIf
        Get-LibvirtDomain -Connection $conns fleet-* | Remove-LibvirtDomain -WhatIf
        $after = foreach ($h in 0..2) { Get-VirshStates $h }
        for ($h = 0; $h -lt 3; $h++) {
            $after[$h].Count | Should -Be $before[$h].Count
            foreach ($k in $before[$h].Keys) { $after[$h][$k] | Should -Be $before[$h][$k] }
        }
    }

    It 'starts, suspends and destroys the domains of three hosts concurrently, as virsh then sees' {
        $fleet = Get-LibvirtDomain -Connection $conns fleet-*
        $fleet.Count | Should -Be 9
        $started = $fleet | Start-LibvirtDomain -PassThru -ThrottleLimit 3
        @($started).Count | Should -Be 9
        $started.State | Select-Object -Unique | Should -Be 'Running'
        foreach ($h in 0..2) {
            $s = Get-VirshStates $h
            foreach ($n in $s.Keys) { $s[$n] | Should -Be 'running' -Because "$n on host $h" }
        }
        # within one host the domains come in the order they were piped
        foreach ($h in 0..2) {
            $c = Get-ConnOf $h
            @($started | Where-Object { [object]::ReferenceEquals($_.Connection, $c) } | ForEach-Object Name) |
                Should -Be @($fleet | Where-Object { [object]::ReferenceEquals($_.Connection, $c) } | ForEach-Object Name)
        }
        Get-LibvirtDomain -Connection $conns fleet-* | Suspend-LibvirtDomain
        foreach ($h in 0..2) { "$(Invoke-Virsh $uris[$h] domstate "fleet-h$h-0")" | Should -Be 'paused' }
        Get-LibvirtDomain -Connection $conns fleet-* | Stop-LibvirtDomain -Force -Confirm:$false
        foreach ($h in 0..2) {
            $s = Get-VirshStates $h
            foreach ($n in $s.Keys | Where-Object { $_ -like 'fleet-*' }) { $s[$n] | Should -Be 'shut off' }
            $s['test'] | Should -Be 'running'
        }
    }

    It 'writes one error per failing domain and acts on the others' {
        # the fleet domains are shut off: suspending them fails on every host, the running test domains suspend
        $d = Get-LibvirtDomain -Connection $conns 'fleet-h*-0', test
        $out = $d | Suspend-LibvirtDomain -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 3
        $out.Name | Select-Object -Unique | Should -Be 'test'
        $err.Count | Should -Be 3
        @($err.TargetObject | Sort-Object) | Should -Be @('fleet-h0-0', 'fleet-h1-0', 'fleet-h2-0')
        foreach ($h in 0..2) { "$(Invoke-Virsh $uris[$h] domstate test)" | Should -Be 'paused' }
        $out | Resume-LibvirtDomain
        foreach ($h in 0..2) { "$(Invoke-Virsh $uris[$h] domstate test)" | Should -Be 'running' }
    }

    It 'a frozen host delays neither the listing nor the lifecycle calls of the others' {
        # (Connect-Libvirt writes in completion order: the hosts are picked by socket, not by position)
        $slow = Connect-Libvirt $uris[0] -Timeout 3 -NoDefault
        $slowTest = Get-LibvirtDomain test -Connection $slow
        & kill -STOP $daemons[0].Pid
        try {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $seen = Get-LibvirtDomain -Connection $slow, (Get-ConnOf 1), (Get-ConnOf 2) -ErrorVariable err -ErrorAction SilentlyContinue |
                ForEach-Object { [pscustomobject]@{ Ms = $sw.ElapsedMilliseconds; Domain = $_ } }
            $sw.ElapsedMilliseconds | Should -BeGreaterOrEqual 2900
            @($seen).Count | Should -Be (4 + 5)   # the two live hosts: test and their fleet domains
            foreach ($s in $seen) { $s.Ms | Should -BeLessThan 2500 -Because 'the live hosts are listed while the frozen one is awaited' }
            $err.Count | Should -Be 1
            $err[0].TargetObject | Should -Be $slow
            $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'

            $sw.Restart()
            $targets = @($slowTest) + @(Get-LibvirtDomain test -Connection (Get-ConnOf 1), (Get-ConnOf 2))
            $done = $targets | Suspend-LibvirtDomain -PassThru -ErrorVariable err2 -ErrorAction SilentlyContinue |
                ForEach-Object { [pscustomobject]@{ Ms = $sw.ElapsedMilliseconds; Domain = $_ } }
            @($done).Count | Should -Be 2
            foreach ($s in $done) { $s.Ms | Should -BeLessThan 2500 }
            $err2.Count | Should -Be 1
            $err2[0].TargetObject | Should -Be 'test'
            foreach ($h in 1..2) { "$(Invoke-Virsh $uris[$h] domstate test)" | Should -Be 'paused' }
        }
        finally {
            & kill -CONT $daemons[0].Pid
            $slow | Disconnect-Libvirt -ErrorAction SilentlyContinue
        }
        Get-LibvirtDomain test -Connection (Get-ConnOf 1), (Get-ConnOf 2) | Resume-LibvirtDomain
        foreach ($h in 0..2) { "$(Invoke-Virsh $uris[$h] domstate test)" | Should -Be 'running' }
    }

    It 'removes the defined domains of every host (virsh no longer sees them)' {
        Get-LibvirtDomain -Connection $conns fleet-* | Remove-LibvirtDomain -Confirm:$false
        foreach ($h in 0..2) { Invoke-Virsh $uris[$h] list --all --name | Should -Be @('test') }
    }
}

Describe 'about_LibvirtPS runbook example' {
    BeforeAll {
        $doc = Get-Content -Raw "$PSScriptRoot/../../docs/about_LibvirtPS.md"
        # the first powershell code block of the RUNBOOK EXAMPLE section, exactly as the doc shows it
        $m = [regex]::Match($doc, '(?s)## RUNBOOK EXAMPLE.*?```powershell\r?\n(.*?)```')
        $script:runbook = $m.Groups[1].Value
    }
    BeforeEach { Disconnect-Libvirt -All }
    AfterEach { Disconnect-Libvirt -All }

    It 'is in the doc' {
        $runbook | Should -Match 'Connect-Libvirt test:///default'
        $runbook | Should -Match 'Stop-LibvirtDomain'
        $runbook | Should -Match 'Disconnect-Libvirt'
    }

    It 'runs against test:///default and writes what the doc says' {
        $out = @(& ([scriptblock]::Create($runbook)))
        # the running domain test, then Shutoff, then test running again
        $out.Count | Should -Be 3
        $out[0] | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtDomain
        $out[0].Name | Should -Be 'test'
        $out[0].State | Should -Be 'Running'
        "$($out[1])" | Should -Be 'Shutoff'
        $out[2].Name | Should -Be 'test'
        $out[2].State | Should -Be 'Running'
        $out[2].Id | Should -BeGreaterThan $out[0].Id
        # and it leaves no connection open
        Get-LibvirtConnection | Should -BeNullOrEmpty
    }

    It 'fails loudly when the domain does not come back' {
        # the runbook's own check: with Start-LibvirtDomain taken out, the domain stays off and the run throws
        $broken = $runbook -replace '(?m)^Start-LibvirtDomain.*$', ''
        { & ([scriptblock]::Create($broken)) } | Should -Throw '*expected Running*'
    }
}
