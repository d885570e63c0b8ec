# Connect-Libvirt with SASL (SCRAM-SHA-256, PLAIN) against a private root libvirtd with auth_unix_rw = "sasl", a private
# Cyrus config (SASL_CONF_PATH) and sasldb user fred/secret; virsh (credentials from an auth.conf via LIBVIRT_AUTH_FILE)
# is the oracle. Skipped with the reason when not root or libvirtd/virsh/saslpasswd2 is missing.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
    if (-not $unavailable -and -not (Get-Command saslpasswd2 -ErrorAction SilentlyContinue)) { $script:unavailable = 'saslpasswd2 is not installed (apt-get install sasl2-bin)' }
    if (-not $unavailable -and -not (Get-Command virsh -ErrorAction SilentlyContinue)) { $script:unavailable = 'virsh is not installed (apt-get install libvirt-clients)' }
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $unavailable = Get-TestDaemonUnavailableReason
    if (-not $unavailable -and -not (Get-Command saslpasswd2 -ErrorAction SilentlyContinue)) { $unavailable = 'saslpasswd2 is not installed (apt-get install sasl2-bin)' }
    if (-not $unavailable -and -not (Get-Command virsh -ErrorAction SilentlyContinue)) { $unavailable = 'virsh is not installed (apt-get install libvirt-clients)' }

    function New-SaslTestDaemon {
        $dir = Join-Path '/tmp' ("libvirtps-pester-sasl-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log", "$dir/sasl2" | Out-Null
        Set-Content "$dir/sasl2/libvirt.conf" "mech_list: digest-md5 scram-sha-256 scram-sha-1 plain`nsasldb_path: $dir/sasl2/passwd.db"
        'secret' | & saslpasswd2 -f "$dir/sasl2/passwd.db" -a libvirt -p -c fred
        if ($LASTEXITCODE) { throw "saslpasswd2 failed" }
        Set-Content "$dir/auth.conf" "[credentials-t]`nauthname=fred`npassword=secret`n`n[auth-libvirt-default]`ncredentials=t"
        @"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "sasl"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
        $env:LIBVIRT_DRIVER_DIR = "$dir/drv"
        $env:SASL_CONF_PATH = "$dir/sasl2"
        try { & libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" -d } finally { Remove-Item Env:LIBVIRT_DRIVER_DIR, Env:SASL_CONF_PATH }
        $deadline = (Get-Date).AddSeconds(10)
        while (-not ((Test-Path "$dir/run/pid") -and (Test-Path "$dir/run/libvirt-sock")) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $daemonPid = if (Test-Path "$dir/run/pid") { [int](Get-Content "$dir/run/pid") } else { 0 }
        $d = [pscustomobject]@{ Dir = $dir; Pid = $daemonPid; Uri = "test+unix:///default?socket=$dir/run/libvirt-sock"; AuthFile = "$dir/auth.conf" }
        if (-not (Test-Path "$dir/run/libvirt-sock")) { Stop-TestDaemon $d; throw "libvirtd did not start: $(Get-Content "$dir/log/libvirtd.log" -Tail 5 -ErrorAction SilentlyContinue)" }
        $d
    }

    function Invoke-VirshList([string] $Uri, [string] $AuthFile) {
        $env:LC_ALL = 'C'; $env:LIBVIRT_AUTH_FILE = $AuthFile
        try { $names = & virsh -c $Uri list --all --name 2>$null } finally { Remove-Item Env:LC_ALL, Env:LIBVIRT_AUTH_FILE }
        @($names | Where-Object { $_ -and $_.Trim() } | ForEach-Object { $_.Trim() } | Sort-Object)
    }

    if (-not $unavailable) { $daemon = New-SaslTestDaemon }
    $credential = New-Object PSCredential 'fred', (ConvertTo-SecureString 'secret' -AsPlainText -Force)
}

AfterAll {
    Disconnect-Libvirt -All
    if ($daemon) { Stop-TestDaemon $daemon }
}

Describe 'Connect-Libvirt with SASL compared with virsh' {
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
    }

    It 'SCRAM (the default choice) with -Credential lists what virsh lists' {
        $expected = Invoke-VirshList $daemon.Uri $daemon.AuthFile
        $expected | Should -Not -BeNullOrEmpty
        $names = @(Connect-Libvirt $daemon.Uri -Credential $credential | Get-LibvirtDomain | ForEach-Object Name | Sort-Object)
        $names | Should -Be $expected
    }

    It 'auth=sasl.PLAIN with -Credential' {
        $names = @(Connect-Libvirt "$($daemon.Uri)&auth=sasl.PLAIN" -Credential $credential | Get-LibvirtDomain | ForEach-Object Name | Sort-Object)
        $names | Should -Be (Invoke-VirshList $daemon.Uri $daemon.AuthFile)
    }

    It 'credentials from -AuthFile' {
        $c = Connect-Libvirt $daemon.Uri -AuthFile $daemon.AuthFile
        @(Get-LibvirtDomain -Connection $c).Count | Should -BeGreaterThan 0
    }

    It 'a wrong password fails with virsh''s message' {
        $bad = New-Object PSCredential 'fred', (ConvertTo-SecureString 'wrong' -AsPlainText -Force)
        { Connect-Libvirt $daemon.Uri -Credential $bad -ErrorAction Stop } | Should -Throw '*authentication failed: authentication failed*'
    }

    It 'the password never appears in the -Verbose output' {
        $verbose = Connect-Libvirt $daemon.Uri -Credential $credential -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        @($verbose | Where-Object { $_ -like '*SASL*' }).Count | Should -BeGreaterThan 0
        @($verbose | Where-Object { $_ -like '*secret*' }) | Should -BeNullOrEmpty
    }
}
