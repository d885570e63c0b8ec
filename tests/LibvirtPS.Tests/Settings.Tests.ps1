# Set-LibvirtDomain memory/vCPU settings, Save-/Restore-LibvirtDomain, Remove-LibvirtDomain undefine flags and
# Get-LibvirtHost: on the embedded test:///default driver, and on a real libvirtd with virsh as the oracle.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:tmp = Join-Path ([IO.Path]::GetTempPath()) ("lvps-settings-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $tmp
}

AfterAll {
    Disconnect-Libvirt -All
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}

Describe 'Settings on test:///default' {
    BeforeEach {
        # a fresh test:///default each time: its state lives while a connection is open
        Disconnect-Libvirt -All
        $script:c = Connect-Libvirt test:///default
    }
    AfterAll { Disconnect-Libvirt -All }

    It 'sets memory in bytes (2GB style) and vCPUs, and -PassThru shows them' {
        $d = Set-LibvirtDomain test -Memory 1GB -VCpuCount 1 -PassThru -Connection $c
        $d.Memory | Should -Be 1GB
        $d.VCpus | Should -Be 1
        (Get-LibvirtDomain test -Connection $c | Set-LibvirtDomain -Memory 512MB -PassThru).Memory | Should -Be 512MB
    }

    It 'takes names by property from the pipeline; one failing domain does not stop the others' {
        [pscustomobject]@{ Name = 'test' } | Set-LibvirtDomain -Memory 1GB -Connection $c
        (Get-LibvirtDomain test -Connection $c).Memory | Should -Be 1GB
        $out = Set-LibvirtDomain nosuch, test -Memory 768MB -PassThru -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'DomainNotFound,*'
        $out.Name | Should -Be 'test'
        $out.Memory | Should -Be 768MB
    }

    It '-Config changes the next boot only; -Live the running domain; the persistent XML shows it' {
        Set-LibvirtDomain test -MaxMemory 4GB -Memory 3GB -MaxVCpuCount 4 -VCpuCount 3 -Config -Connection $c
        $d = Get-LibvirtDomain test -Connection $c
        $d.Memory | Should -Be 2GB
        $d.VCpus | Should -Be 2
        $x = Get-LibvirtDomainXml test -Inactive -Connection $c
        $x.domain.memory.'#text' | Should -Be '4194304'
        $x.domain.currentMemory.'#text' | Should -Be '3145728'
        $x.domain.vcpu.current | Should -Be '3'
        $x.domain.vcpu.'#text' | Should -Be '4'
        Stop-LibvirtDomain test -Force -Confirm:$false -Connection $c
        $d = Get-LibvirtDomain test -Connection $c
        $d.MaxMemory | Should -Be 4GB
        $d.Memory | Should -Be 3GB
        $d.VCpus | Should -Be 3
    }

    It 'refuses sizes that are not whole KiB, and bad switch combinations, before any call' {
        { Set-LibvirtDomain test -Memory 1000 -Connection $c } | Should -Throw -ErrorId 'InvalidMemorySize,*'
        { Set-LibvirtDomain test -MaxMemory 1025 -Connection $c } | Should -Throw -ErrorId 'InvalidMemorySize,*'
        { Set-LibvirtDomain test -Memory 1GB -Current -Config -Connection $c } | Should -Throw -ErrorId 'ExclusiveParameters,*'
        { Set-LibvirtDomain test -MaxVCpuCount 4 -Connection $c } | Should -Throw -ErrorId 'MaxVCpuCountNeedsConfig,*'
        { Set-LibvirtDomain test -Connection $c } | Should -Throw -ErrorId 'NoSettingGiven,*'
        { Set-LibvirtDomain test -Autostart $true -Live -Connection $c } | Should -Throw -ErrorId 'ImpactWithoutSetting,*'
        { Set-LibvirtDomain test -VCpuCount 0 -Connection $c } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        (Get-LibvirtDomain test -Connection $c).Memory | Should -Be 2GB
    }

    It 'libvirt''s refusals are per-domain errors: vCPUs above the maximum, memory above max, live change on a shut-off domain' {
        Set-LibvirtDomain test -VCpuCount 3 -Connection $c -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $e1[0].Exception.Message | Should -Be 'invalid argument: requested cpu amount exceeds maximum (3 > 2)'
        Set-LibvirtDomain test -Memory 9GB -Connection $c -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Be 'invalid argument: cannot set memory higher than max memory'
        Stop-LibvirtDomain test -Force -Confirm:$false -Connection $c
        Set-LibvirtDomain test -Memory 1GB -Live -Connection $c -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'SetDomainFailed,*'
        $e3[0].Exception.Message | Should -Be 'Requested operation is not valid: domain is not running'
        # -Current on a shut-off domain is its persistent definition
        (Set-LibvirtDomain test -Memory 1GB -Current -PassThru -Connection $c).Memory | Should -Be 1GB
    }

    It '-WhatIf changes nothing' {
        Set-LibvirtDomain test -Memory 1GB -VCpuCount 1 -WhatIf -Connection $c
        Save-LibvirtDomain test -Path (Join-Path $tmp 'whatif.save') -WhatIf -Connection $c
        $d = Get-LibvirtDomain test -Connection $c
        $d.Memory | Should -Be 2GB
        $d.VCpus | Should -Be 2
        $d.State | Should -Be 'Running'
        Test-Path (Join-Path $tmp 'whatif.save') | Should -BeFalse
    }

    It 'saves to a file and restores from it; restore of a missing file is an error naming the file' {
        $f = Join-Path $tmp 'embedded.save'
        (Get-LibvirtDomain test -Connection $c | Save-LibvirtDomain -Path $f -PassThru).State | Should -Be 'Shutoff'
        Test-Path $f | Should -BeTrue
        Restore-LibvirtDomain $f -WhatIf -Connection $c
        (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Shutoff'
        $r = Restore-LibvirtDomain $f -PassThru -Connection $c
        $r.Name | Should -Be 'test'
        $r.State | Should -Be 'Running'
        $r.StateReason | Should -Be 3
        Restore-LibvirtDomain (Join-Path $tmp 'missing.save') -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'RestoreDomainFailed,*'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $e[0].Exception.Message | Should -BeLike "cannot read domain image '*missing.save': No such file or directory"
    }

    It 'refuses the test driver''s unsupported save flags with libvirt''s message, and one -Path for two domains' {
        Save-LibvirtDomain test -Path (Join-Path $tmp 'x.save') -BypassCache -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Be 'unsupported flags (0x1) in function testDomainSaveFlags'
        { Save-LibvirtDomain test -Path x -Running -Paused -Connection $c } | Should -Throw -ErrorId 'ExclusiveParameters,*'
        { Save-LibvirtDomain test -Connection $c } | Should -Throw -ErrorId 'PathOrManagedRequired,*'
        $xml = "<domain type='test'><name>pester-two</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>"
        $null = New-LibvirtDomain -Xml $xml -Start -Connection $c
        Save-LibvirtDomain test, pester-two -Path (Join-Path $tmp 'two.save') -Connection $c -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2.Count | Should -Be 1
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'SavePathAlreadyUsed,*'
        (Get-LibvirtDomain pester-two -Connection $c).State | Should -Be 'Running'
    }

    It 'managed save, then Remove-LibvirtDomain needs -RemoveManagedSave; unsupported undefine flags give libvirt''s message' {
        (Save-LibvirtDomain test -Managed -PassThru -Connection $c).State | Should -Be 'Shutoff'
        Remove-LibvirtDomain test -Confirm:$false -Connection $c -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].Exception.Message | Should -Be 'Requested operation is not valid: Refusing to undefine while domain managed save image exists'
        Remove-LibvirtDomain test -RemoveManagedSave -Nvram -Confirm:$false -Connection $c -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Be 'unsupported flags (0x4) in function testDomainUndefineFlags'
        { Remove-LibvirtDomain test -Tpm -KeepTpm -Confirm:$false -Connection $c } | Should -Throw -ErrorId 'ExclusiveParameters,*'
        Remove-LibvirtDomain test -RemoveManagedSave -RemoveSnapshotsMetadata -Confirm:$false -Connection $c
        Get-LibvirtDomain -Connection $c | Where-Object Name -eq 'test' | Should -BeNullOrEmpty
    }

    It 'Get-LibvirtHost gives free memory and a capabilities summary' {
        $h = Get-LibvirtHost -Connection $c
        $h.FreeMemory | Should -Be 3145728
        $h.Capabilities.Arch | Should -Be 'i686'
        $h.Capabilities.NumaCells | Should -Be 2
        $h.Capabilities.Guests | Should -Contain 'hvm/i686 (test)'
        $h.Capabilities.SecurityModels | Should -Be @('testSecurity')
        ([xml]$h.Capabilities.Xml).capabilities.host.cpu.arch | Should -Be 'i686'
    }

    It 'New-LibvirtDomain with XML that is not well-formed gives libxml2''s message with the line and a caret' {
        $bad = "<domain type='test'>`n<name>x</name>`n<os><type>hvm</type></os>`n</domian>"
        New-LibvirtDomain -Xml $bad -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'DefineDomainFailed,*'
        $e[0].Exception.Message | Should -Be "(domain_definition):4: Opening and ending tag mismatch: domain line 1 and domian`n</domian>`n---------^"
    }

    It 'Get-LibvirtHost on a node XML file: no free-memory figure (as libvirt), no error, no NUMA cells' {
        $file = Join-Path $tmp 'node.xml'
        Set-Content $file "<node><domain type='test'><name>n1</name><memory>1024</memory><os><type>hvm</type></os></domain></node>"
        $h = Get-LibvirtHost -Uri "test://$file" -ErrorVariable e -ErrorAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $e.Count | Should -Be 0
        $h.FreeMemory | Should -BeNullOrEmpty
        $h.Capabilities.NumaCells | Should -Be 0
        $h.Capabilities.Arch | Should -Be 'i686'
    }

    It 'Get-LibvirtDomainXml -Secure is refused on a read-only connection' {
        $ro = Connect-Libvirt test:///default -ReadOnly
        Get-LibvirtDomainXml test -Secure -Connection $ro -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied,*'
        $e[0].Exception.Message | Should -Be 'operation forbidden: virDomainGetXMLDesc with secure flag'
        (Get-LibvirtDomainXml test -Connection $ro) | Should -BeOfType [xml]
    }
}

Describe 'Settings against a real libvirtd, checked with virsh' {
    BeforeAll {
        $daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }
    }
    AfterAll {
        Disconnect-Libvirt -All
        if ($daemon) { Stop-TestDaemon $daemon }
    }
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        Disconnect-Libvirt -All
        $uri = $daemon.UnixUri
        # held open for the whole test: the daemon's test:///default resets when its last connection closes
        $script:c = Connect-Libvirt $uri
    }

    It 'virsh sees -Live and -Config changes' {
        Set-LibvirtDomain test -Memory 1GB -Live -Connection $c
        Set-LibvirtDomain test -MaxVCpuCount 4 -VCpuCount 3 -Config -Connection $c
        ((& virsh -c $uri dominfo test) -match '^Used memory:') -join '' | Should -Match '1048576 KiB'
        $counts = (& virsh -c $uri vcpucount test) -join "`n"
        $counts | Should -Match 'maximum\s+config\s+4'
        $counts | Should -Match 'current\s+config\s+3'
        $counts | Should -Match 'current\s+live\s+2'
    }

    It '-WhatIf changes nothing (virsh)' {
        Set-LibvirtDomain test -Memory 1GB -MaxVCpuCount 4 -Config -WhatIf -Connection $c
        Save-LibvirtDomain test -Path (Join-Path $tmp 'whatif-daemon.save') -WhatIf -Connection $c
        ((& virsh -c $uri dominfo test) -match '^State:') -join '' | Should -Match 'running'
        (& virsh -c $uri vcpucount test) -join "`n" | Should -Match 'maximum\s+config\s+2'
        (& virsh -c $uri dumpxml test --inactive) -join "`n" | Should -Match "<currentMemory unit='KiB'>2097152</currentMemory>"
    }

    It 'setvcpus above the maximum is the daemon''s error' {
        Set-LibvirtDomain test -VCpuCount 40 -Config -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $e[0].Exception.Message | Should -Be 'invalid argument: requested cpu amount exceeds maximum supported amount (40 > 32)'
    }

    It 'saved by us is restored by virsh, saved by virsh is restored by us' {
        $ours = Join-Path $tmp 'ours.save'
        Save-LibvirtDomain test -Path $ours -Connection $c
        ((& virsh -c $uri domstate test) -join '').Trim() | Should -Be 'shut off'
        & virsh -c $uri restore $ours | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Running'
        $theirs = Join-Path $tmp 'theirs.save'
        & virsh -c $uri save test $theirs | Out-Null
        $LASTEXITCODE | Should -Be 0
        Restore-LibvirtDomain $theirs -WhatIf -Connection $c
        ((& virsh -c $uri domstate test) -join '').Trim() | Should -Be 'shut off'
        (Restore-LibvirtDomain $theirs -PassThru -Connection $c).State | Should -Be 'Running'
        ((& virsh -c $uri domstate test) -join '').Trim() | Should -Be 'running'
    }

    It 'New-LibvirtDomain with XML that is not well-formed gives the daemon''s libxml2 message, as on test:///default' {
        $bad = "<domain type='test'>`n<name>x</name>`n<os><type>hvm</type></os>`n</domian>"
        New-LibvirtDomain -Xml $bad -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'DefineDomainFailed,*'
        $e[0].Exception.Message | Should -Be "(domain_definition):4: Opening and ending tag mismatch: domain line 1 and domian`n</domian>`n---------^"
    }

    It 'restore of a missing file is the daemon''s error' {
        Restore-LibvirtDomain (Join-Path $tmp 'missing.save') -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'RestoreDomainFailed,*'
        $e[0].Exception.Message | Should -BeLike "cannot read domain image '*missing.save': No such file or directory"
    }

    It 'managed save shows in virsh; Get-LibvirtHost matches virsh freecell and capabilities' {
        Save-LibvirtDomain test -Managed -Connection $c
        ((& virsh -c $uri dominfo test) -match '^Managed save:') -join '' | Should -Match 'yes'
        Remove-LibvirtDomain test -RemoveManagedSave -WhatIf -Connection $c
        ((& virsh -c $uri list --all --name) -join ' ') | Should -Match '\btest\b'
        Remove-LibvirtDomain test -RemoveManagedSave -Confirm:$false -Connection $c
        ((& virsh -c $uri list --all --name) -join ' ') | Should -Not -Match '\btest\b'
        $h = Get-LibvirtHost -Connection $c
        $kib = [uint64](((& virsh -c $uri freecell) -join '') -replace '[^0-9]', '')
        $h.FreeMemory | Should -Be ($kib * 1024)
        $h.Capabilities.Xml.Trim() | Should -Be (((& virsh -c $uri capabilities) -join "`n").Trim())
    }
}
