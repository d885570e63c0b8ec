# The cmdlets over +ssh (the OpenSSH client) and +ext against a private sshd and a private libvirtd, with virsh as the oracle.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    Import-Module "$PSScriptRoot/TestSshd.psm1" -Force
    $script:unavailable = (Get-TestDaemonUnavailableReason) ?? (Get-TestSshdUnavailableReason)
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    Import-Module "$PSScriptRoot/TestSshd.psm1" -Force
    $unavailable = (Get-TestDaemonUnavailableReason) ?? (Get-TestSshdUnavailableReason)
    $daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }
    $sshd = if (-not $unavailable) { Start-TestSshd } else { $null }
}

AfterAll {
    Disconnect-Libvirt -All
    if ($sshd) { Stop-TestSshd $sshd }
    if ($daemon) { Stop-TestDaemon $daemon }
}

Describe 'Cmdlets over +ssh' {
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $uri = "test+ssh://127.0.0.1:$($sshd.Port)/default?command=$($sshd.Wrapper)&socket=$($daemon.Socket)"
    }

    AfterEach { Disconnect-Libvirt -All }

    It 'lists the same domains as virsh over the same URI' {
        $d = Connect-Libvirt $uri | Get-LibvirtDomain
        $names = (& virsh -c $uri list --all --name) | Where-Object { $_ }
        $LASTEXITCODE | Should -Be 0
        @($d.Name) | Should -Be @($names)
        (Get-LibvirtConnection).Transport | Should -Be 'Ssh'
    }

    It 'refuses an unknown host key with ssh''s message' {
        $bad = "test+ssh://127.0.0.1:$($sshd.Port)/default?command=$($sshd.UnknownHostWrapper)&socket=$($daemon.Socket)"
        { Connect-Libvirt $bad -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Host key verification failed*'
        $virsh = & virsh -c $bad uri 2>&1
        $LASTEXITCODE | Should -Not -Be 0
        ($virsh -join "`n") | Should -BeLike '*Host key verification failed*'
    }
}

Describe 'Cmdlets over +ext' {
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
        $script = Join-Path $sshd.Dir 'ext-nc'
        "#!/bin/sh`nexec nc -U $($daemon.Socket)" | Set-Content $script
        & chmod 755 $script
        $uri = "test+ext:///default?command=$script"
    }

    AfterEach { Disconnect-Libvirt -All }

    It 'lists the same domains as virsh over the same URI' {
        $d = Connect-Libvirt $uri | Get-LibvirtDomain
        $names = (& virsh -c $uri list --all --name) | Where-Object { $_ }
        @($d.Name) | Should -Be @($names)
    }
}
