# Snapshot and device cmdlets on the embedded test:///default and on a real libvirtd (test driver, unix socket),
# virsh as the oracle on the real daemon. test:///default lives while a connection is open: each block keeps one.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $unavailable = Get-TestDaemonUnavailableReason
    $daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }

    # virsh's view of the tree: name -> parent ('-' for a root), and the current snapshot
    function Get-VirshTree([string] $Uri) {
        $tree = @{}
        foreach ($line in (& virsh -c $Uri snapshot-list test --parent | Select-Object -Skip 2)) {
            $cols = -split $line
            if ($cols.Count -ge 5) { $tree[$cols[0]] = if ($cols.Count -gt 5) { $cols[5] } else { '-' } }
        }
        $tree
    }
    function Get-VirshCurrent([string] $Uri) { ((& virsh -c $Uri snapshot-current test --name 2>$null) -join '').Trim() }
    function Get-DeviceXml([scriptblock] $Command) {
        # the command's error (the test driver has no hot-plug) is expected here: only its verbose XML is wanted,
        # whatever $ErrorActionPreference the suite runs with
        $ErrorActionPreference = 'Continue'
        $verbose = & $Command 4>&1 2>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'device XML*' }
        $text = $verbose[0].Message
        [xml]$text.Substring($text.IndexOf('<'))
    }
    function Assert-SameXml([xml] $Ours, [string] $Virsh) {
        # compare as parsed XML: quoting and indentation differ, elements and attributes must not
        $theirs = [xml]$Virsh
        [System.Xml.Linq.XNode]::DeepEquals([System.Xml.Linq.XElement]::Parse($Ours.OuterXml), [System.Xml.Linq.XElement]::Parse($theirs.OuterXml)) |
            Should -BeTrue -Because "ours: $($Ours.OuterXml) virsh: $($theirs.OuterXml)"
    }
}

AfterAll {
    Disconnect-Libvirt -All
    if ($daemon) { Stop-TestDaemon $daemon }
}

Describe 'Snapshots on <Target>' -ForEach @(@{ Target = 'test:///default' }, @{ Target = 'real libvirtd' }) {
    BeforeEach {
        $real = $Target -ne 'test:///default'
        if ($real -and $unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $uri = if ($real) { $daemon.UnixUri } else { 'test:///default' }
        $c = Connect-Libvirt $uri
    }
    AfterEach {
        if ($c) {
            Get-LibvirtDomainSnapshot test -Connection $c -ErrorAction SilentlyContinue | Remove-LibvirtDomainSnapshot -Confirm:$false -ErrorAction SilentlyContinue
            Disconnect-Libvirt $c
        }
    }

    It 'creates a tree whose parents and current snapshot agree with the driver (and virsh)' {
        $s1 = New-LibvirtDomainSnapshot test s1 -Description 'first <one> & "quoted"' -Connection $c
        $s1 | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtDomainSnapshot
        $s1.IsCurrent | Should -BeTrue
        $s1.Parent | Should -BeNullOrEmpty
        $s1.State | Should -Be 'Running'
        $s1.Description | Should -Be 'first <one> & "quoted"'
        $s2 = Get-LibvirtDomain test -Connection $c | New-LibvirtDomainSnapshot -Name s2 -Atomic -Live
        $s2.Parent | Should -Be 's1'
        $all = Get-LibvirtDomainSnapshot test -Connection $c
        $all.Name | Should -Be @('s1', 's2')
        ($all | Where-Object IsCurrent).Name | Should -Be 's2'
        (Get-LibvirtDomainSnapshot test -Current -Connection $c).Name | Should -Be 's2'
        (Get-LibvirtDomainSnapshot test 's*' -Connection $c).Count | Should -Be 2
        if ($real) {
            $tree = Get-VirshTree $uri
            $tree['s1'] | Should -Be '-'
            $tree['s2'] | Should -Be 's1'
            Get-VirshCurrent $uri | Should -Be 's2'
            # and what virsh creates, we see
            & virsh -c $uri snapshot-create-as test v1 --description 'by virsh' | Out-Null
            $v1 = Get-LibvirtDomainSnapshot test v1 -Connection $c
            $v1.Parent | Should -Be 's2'
            $v1.Description | Should -Be 'by virsh'
            $v1.IsCurrent | Should -BeTrue
        }
    }

    It 'restores and removes through the pipeline; -PassThru writes the domain' {
        New-LibvirtDomainSnapshot test r1 -Connection $c | Out-Null
        Suspend-LibvirtDomain test -Connection $c
        New-LibvirtDomainSnapshot test p1 -Connection $c | Out-Null
        $d = Get-LibvirtDomainSnapshot test r1 -Connection $c | Restore-LibvirtDomainSnapshot -Confirm:$false -PassThru
        $d | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtDomain
        $d.State | Should -Be 'Running'
        (Get-LibvirtDomainSnapshot test -Current -Connection $c).Name | Should -Be 'r1'
        (Get-LibvirtDomain test -Connection $c | Restore-LibvirtDomainSnapshot -Name p1 -Confirm:$false -PassThru).State | Should -Be 'Paused'
        (Restore-LibvirtDomainSnapshot test r1 -Paused -Confirm:$false -PassThru -Connection $c).State | Should -Be 'Paused'
        if ($real) {
            Get-VirshCurrent $uri | Should -Be 'r1'
            ((& virsh -c $uri domstate test) -join '').Trim() | Should -Be 'paused'
        }
        [pscustomobject]@{ DomainName = 'test'; Name = 'p1' } | Remove-LibvirtDomainSnapshot -Connection $c -Confirm:$false
        (Get-LibvirtDomainSnapshot test -Connection $c).Name | Should -Be @('r1')
        Resume-LibvirtDomain test -Connection $c
    }

    It 'removes children with -Children / -ChildrenOnly and re-parents without' {
        'a', 'b', 'c' | ForEach-Object { New-LibvirtDomainSnapshot test $_ -Connection $c | Out-Null }
        Remove-LibvirtDomainSnapshot test b -Confirm:$false -Connection $c
        (Get-LibvirtDomainSnapshot test c -Connection $c).Parent | Should -Be 'a'
        Remove-LibvirtDomainSnapshot test a -ChildrenOnly -Confirm:$false -Connection $c
        (Get-LibvirtDomainSnapshot test -Connection $c).Name | Should -Be @('a')
        (Get-LibvirtDomainSnapshot test a -Connection $c).IsCurrent | Should -BeTrue
        New-LibvirtDomainSnapshot test d -Connection $c | Out-Null
        Remove-LibvirtDomainSnapshot test a -Children -Confirm:$false -Connection $c
        Get-LibvirtDomainSnapshot test -Connection $c | Should -BeNullOrEmpty
        if ($real) { (& virsh -c $uri snapshot-list test --name) -join '' | Should -BeNullOrEmpty }
    }

    It '-WhatIf changes nothing' {
        New-LibvirtDomainSnapshot test w1 -Connection $c | Out-Null
        New-LibvirtDomainSnapshot test w2 -WhatIf -Connection $c | Should -BeNullOrEmpty
        New-LibvirtDomainSnapshot test w3 -Halt -WhatIf -Connection $c | Should -BeNullOrEmpty
        Remove-LibvirtDomainSnapshot test w1 -WhatIf -Connection $c
        Stop-LibvirtDomain test -Force -Confirm:$false -Connection $c
        Restore-LibvirtDomainSnapshot test w1 -WhatIf -Connection $c
        (Get-LibvirtDomainSnapshot test -Connection $c).Name | Should -Be @('w1')
        (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Shutoff'
        if ($real) {
            ((& virsh -c $uri snapshot-list test --name) | Where-Object { $_ }) | Should -Be @('w1')
            ((& virsh -c $uri domstate test) -join '').Trim() | Should -Be 'shut off'
        }
        Restore-LibvirtDomainSnapshot test w1 -Confirm:$false -Connection $c
        (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Running'
    }

    It 'reports errors per item with ids and libvirt''s messages' {
        New-LibvirtDomainSnapshot test e1 -Connection $c | Out-Null
        # an exact name among wildcards is still reported when missing, with libvirt's text
        Get-LibvirtDomainSnapshot test 'e*', 'gone' -Connection $c -ErrorVariable errw -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        $errw[0].FullyQualifiedErrorId | Should -BeLike 'SnapshotNotFound,*'
        $errw[0].Exception.Message | Should -Be "Domain snapshot not found: no domain snapshot with matching name 'gone'"
        $out = Get-LibvirtDomainSnapshot test nope, e1 -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'e1'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SnapshotNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Be "Domain snapshot not found: no domain snapshot with matching name 'nope'"

        New-LibvirtDomainSnapshot test e2 -DiskOnly -Connection $c -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $err2[0].Exception.Message | Should -Be 'unsupported flags (0x10) in function testDomainSnapshotCreateXML'
        New-LibvirtDomainSnapshot test e1 -Connection $c -ErrorVariable err3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err3[0].FullyQualifiedErrorId | Should -BeLike 'CreateSnapshotFailed,*'
        $err3[0].Exception.Message | Should -Be 'operation failed: domain moment e1 already exists'
        Remove-LibvirtDomainSnapshot test nope -MetadataOnly -Confirm:$false -Connection $c -ErrorVariable err4 -ErrorAction SilentlyContinue
        $err4[0].FullyQualifiedErrorId | Should -BeLike 'SnapshotNotFound,*'
        { New-LibvirtDomainSnapshot test -Name x -Xml '<domainsnapshot/>' -Connection $c } | Should -Throw -ErrorId 'XmlWithName,*'
    }

    It 'takes -Xml and names an unnamed snapshot after its creation time' {
        $s = New-LibvirtDomainSnapshot test -Xml ([xml]'<domainsnapshot><description>from xml</description></domainsnapshot>') -Connection $c
        $s.Name | Should -Be ([string]$s.CreationTime.ToUnixTimeSeconds())
        $s.Description | Should -Be 'from xml'
        $s.Xml | Should -Match '<domain type=.test.>'
    }

    It 'redefines with -Redefine [-Current]: metadata replaced, snapshots defined from XML, libvirt''s errors' {
        $s1 = New-LibvirtDomainSnapshot test r1 -Description before -Connection $c
        New-LibvirtDomainSnapshot test r2 -Connection $c | Out-Null
        $r = New-LibvirtDomainSnapshot test -Xml ($s1.Xml -replace 'before', 'after') -Redefine -Connection $c
        $r.Description | Should -Be 'after'
        $r.IsCurrent | Should -BeFalse
        (Get-LibvirtDomainSnapshot test -Current -Connection $c).Name | Should -Be 'r2'
        # a new snapshot from a dumped one, under r2, made current; the domain keeps running
        $xml = $s1.Xml -replace '<name>r1</name>', '<name>r3</name>' -replace '  <creationTime>', "  <parent>`n    <name>r2</name>`n  </parent>`n  <creationTime>"
        $r3 = New-LibvirtDomainSnapshot test -Xml $xml -Redefine -Current -Connection $c
        $r3.Parent | Should -Be 'r2'
        $r3.IsCurrent | Should -BeTrue
        $r3.CreationTime | Should -Be $s1.CreationTime
        (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Running'
        if ($real) {
            (Get-VirshTree $uri)['r3'] | Should -Be 'r2'
            Get-VirshCurrent $uri | Should -Be 'r3'
            (& virsh -c $uri snapshot-dumpxml test r1) -join "`n" | Should -Match '<description>after</description>'
        }
        # r1 under r3 would make a cycle (r3 < r2 < r1): libvirt names r2, the ancestor whose parent is r1
        New-LibvirtDomainSnapshot test -Xml ($s1.Xml -replace '  <creationTime>', "  <parent>`n    <name>r3</name>`n  </parent>`n  <creationTime>") -Redefine -Connection $c -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $e1[0].Exception.Message | Should -Be 'invalid argument: parent r2 would create cycle to r1'
        New-LibvirtDomainSnapshot test -Name r4 -Redefine -Connection $c -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].Exception.Message | Should -Be 'internal error: missing creationTime from existing snapshot'
        New-LibvirtDomainSnapshot test -Xml $s1.Xml -Current -Connection $c -ErrorVariable e3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $e3[0].Exception.Message | Should -Be "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'"
    }

    It 'shows a table with the current marker' {
        New-LibvirtDomainSnapshot test t1 -Connection $c | Out-Null
        $text = Get-LibvirtDomainSnapshot test -Connection $c | Out-String
        $text | Should -Match 'Current'
        $text | Should -Match 't1\s+\d{4}-\d\d-\d\d'
    }
}

Describe 'Snapshot name completion' {
    It 'completes the snapshot names of -DomainName on the default connection' {
        $c = Connect-Libvirt test:///default
        try {
            New-LibvirtDomainSnapshot test alpha -Connection $c | Out-Null
            New-LibvirtDomainSnapshot test beta -Connection $c | Out-Null
            $r = TabExpansion2 -inputScript 'Remove-LibvirtDomainSnapshot -DomainName test -Name a' -cursorColumn 53
            $r.CompletionMatches.CompletionText | Should -Be @('alpha')
        }
        finally {
            Get-LibvirtDomainSnapshot test -Connection $c | Remove-LibvirtDomainSnapshot -Confirm:$false
            Disconnect-Libvirt $c
        }
    }
}

Describe 'Device cmdlets on <Target>' -ForEach @(@{ Target = 'test:///default' }, @{ Target = 'real libvirtd' }) {
    BeforeEach {
        $real = $Target -ne 'test:///default'
        if ($real -and $unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $uri = if ($real) { $daemon.UnixUri } else { 'test:///default' }
        $c = Connect-Libvirt $uri
    }
    AfterEach { if ($c) { Disconnect-Libvirt $c } }

    It 'builds the disk XML virsh attach-disk builds, and gives the driver''s "not supported" error' {
        $x = Get-DeviceXml { Add-LibvirtDomainDisk test -Source '/tmp/a b&c.qcow2' -Target vdb -Bus virtio -Format qcow2 -ReadOnly -Connection $c -Verbose }
        Assert-SameXml $x ((& virsh -c test:///default attach-disk test '/tmp/a b&c.qcow2' vdb --targetbus virtio --subdriver qcow2 --mode readonly --print-xml) -join "`n")
        $x = Get-DeviceXml { Add-LibvirtDomainDisk test -Source /tmp/c.iso -Target hdc -Device cdrom -Driver qemu -Format raw -Connection $c -Verbose }
        Assert-SameXml $x ((& virsh -c test:///default attach-disk test /tmp/c.iso hdc --type cdrom --driver qemu --subdriver raw --print-xml) -join "`n")

        Add-LibvirtDomainDisk test -Source /tmp/a.img -Target vdb -Live -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virDomainAttachDeviceFlags'
    }

    It 'builds the interface XML virsh attach-interface builds' {
        $x = Get-DeviceXml { Add-LibvirtDomainNetworkAdapter test -Network default -Model virtio -MacAddress 52:54:00:11:22:33 -Connection $c -Verbose }
        Assert-SameXml $x ((& virsh -c test:///default attach-interface test network default --model virtio --mac 52:54:00:11:22:33 --print-xml) -join "`n")
        $x = Get-DeviceXml { Add-LibvirtDomainNetworkAdapter test -Bridge br0 -Connection $c -Verbose }
        Assert-SameXml $x ((& virsh -c test:///default attach-interface test bridge br0 --print-xml) -join "`n")
        { Add-LibvirtDomainNetworkAdapter test -Connection $c } | Should -Throw -ErrorId 'NetworkOrBridge,*'
    }

    It 'Add/Remove/Update-LibvirtDomainDevice send the XML with the flags and report the driver''s error' {
        $xml = "<disk type='file'><source file='/tmp/x.img'/><target dev='vdb'/></disk>"
        Add-LibvirtDomainDevice test -Xml $xml -Config -Connection $c -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virDomainAttachDeviceFlags'
        Get-LibvirtDomain test -Connection $c | Remove-LibvirtDomainDevice -Xml $xml -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virDomainDetachDeviceFlags'
        Update-LibvirtDomainDevice test -Xml ([xml]$xml) -Force -Connection $c -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virDomainUpdateDeviceFlags'
        { Add-LibvirtDomainDevice test -Xml $xml -Current -Live -Connection $c } | Should -Throw -ErrorId 'CurrentWithLiveOrConfig,*'
        # -WhatIf: nothing is sent, so no error either
        Add-LibvirtDomainDevice test -Xml $xml -WhatIf -Connection $c -ErrorVariable e4
        $e4.Count | Should -Be 0
    }

    It 'Mount/Dismount-LibvirtDomainCdrom change the medium as virsh change-media does' {
        $dom = @'
<domain type='test'><name>pester-cd</name><memory>1024</memory><os><type>hvm</type></os><devices>
<disk type='file' device='cdrom'><source file='/tmp/old.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>
<disk type='file' device='disk'><source file='/tmp/d.img'/><target dev='vda' bus='virtio'/></disk>
</devices></domain>
'@
        New-LibvirtDomain -Xml $dom -Connection $c | Out-Null
        try {
            $x = Get-DeviceXml { Mount-LibvirtDomainCdrom pester-cd -Target hdc -Source '/tmp/new & improved.iso' -Config -Connection $c -Verbose }
            if ($real) {
                Assert-SameXml $x ((& virsh -c $uri change-media pester-cd hdc '/tmp/new & improved.iso' --update --config --print-xml) -join "`n")
                $y = Get-DeviceXml { Dismount-LibvirtDomainCdrom pester-cd -Target /tmp/old.iso -Config -Connection $c -Verbose }
                Assert-SameXml $y ((& virsh -c $uri change-media pester-cd hdc --eject --config --print-xml) -join "`n")
            }
            else {
                $x.disk.source.file | Should -Be '/tmp/new & improved.iso'
            }
            Mount-LibvirtDomainCdrom pester-cd -Target hdc -Source /tmp/n.iso -Connection $c -ErrorVariable e1 -ErrorAction SilentlyContinue
            $e1[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
            $e1[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virDomainUpdateDeviceFlags'
            Dismount-LibvirtDomainCdrom pester-cd -Target vda -Connection $c -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId | Should -BeLike 'DiskNotRemovable,*'
            $e2[0].Exception.Message | Should -Be "The disk device 'vda' is not removable"
            Mount-LibvirtDomainCdrom pester-cd -Target hdz -Source /tmp/n.iso -Connection $c -ErrorVariable e3 -ErrorAction SilentlyContinue
            $e3[0].FullyQualifiedErrorId | Should -BeLike 'CdromNotFound,*'
            $e3[0].Exception.Message | Should -Be 'No disk found whose source path or target is hdz'
        }
        finally {
            Remove-LibvirtDomain pester-cd -Confirm:$false -Connection $c
        }
    }
}
