# Test-LibvirtTls and Connect-Libvirt over tls against a private root libvirtd with listen_tls on 127.0.0.1 and a
# certtool test PKI, with virsh as the oracle. Skipped with the reason when not root or libvirtd/virsh/certtool is missing.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
    if (-not $unavailable -and -not (Get-Command certtool -ErrorAction SilentlyContinue)) { $script:unavailable = 'certtool is not installed (apt-get install gnutls-bin)' }
    if (-not $unavailable -and -not (Get-Command virsh -ErrorAction SilentlyContinue)) { $script:unavailable = 'virsh is not installed (apt-get install libvirt-clients)' }
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $unavailable = Get-TestDaemonUnavailableReason
    if (-not $unavailable -and -not (Get-Command certtool -ErrorAction SilentlyContinue)) { $unavailable = 'certtool is not installed (apt-get install gnutls-bin)' }
    if (-not $unavailable -and -not (Get-Command virsh -ErrorAction SilentlyContinue)) { $unavailable = 'virsh is not installed (apt-get install libvirt-clients)' }

    function New-TlsTestDaemon {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-pester-tls-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
        $pki = "$dir/pki"
        New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log", $pki | Out-Null
        function Invoke-Certtool { $out = & certtool @args 2>&1; if ($LASTEXITCODE) { throw "certtool $args failed: $out" } }
        function New-Signed($key, $template, $text, $ca, $out) {
            Set-Content "$pki/$template" $text
            Invoke-Certtool --generate-certificate --load-privkey "$pki/$key" --load-ca-certificate "$pki/$ca.pem" --load-ca-privkey "$pki/${ca}key.pem" --template "$pki/$template" --outfile "$pki/$out"
        }
        foreach ($k in 'cacertkey', 'altcacertkey', 'serverkey', 'client1key', 'intruderkey') { Invoke-Certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$pki/$k.pem" }
        Set-Content "$pki/ca.info" "cn = LibvirtPS Pester CA`nca`ncert_signing_key`nexpiration_days = 30"
        Invoke-Certtool --generate-self-signed --load-privkey "$pki/cacertkey.pem" --template "$pki/ca.info" --outfile "$pki/cacert.pem"
        Set-Content "$pki/altca.info" "cn = Another CA`nca`ncert_signing_key`nexpiration_days = 30"
        Invoke-Certtool --generate-self-signed --load-privkey "$pki/altcacertkey.pem" --template "$pki/altca.info" --outfile "$pki/altcacert.pem"
        New-Signed serverkey.pem server.info "organization = LibvirtPS`ncn = localhost`ndns_name = localhost`ntls_www_server`nencryption_key`nsigning_key`nexpiration_days = 30" cacert servercert.pem
        New-Signed client1key.pem client1.info "country = GB`norganization = LibvirtPS`ncn = client1`ntls_www_client`nencryption_key`nsigning_key`nexpiration_days = 30" cacert client1cert.pem
        New-Signed intruderkey.pem intruder.info "country = GB`norganization = LibvirtPS`ncn = intruder`ntls_www_client`nencryption_key`nsigning_key`nexpiration_days = 30" cacert intrudercert.pem

        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        @"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
listen_tcp = 0
listen_tls = 1
tls_port = "$port"
listen_addr = "127.0.0.1"
auth_tls = "none"
key_file = "$pki/serverkey.pem"
cert_file = "$pki/servercert.pem"
ca_file = "$pki/cacert.pem"
crl_file = "$dir/no-crl.pem"
tls_allowed_dn_list = ["*CN=client1*"]
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
        $env:LIBVIRT_DRIVER_DIR = "$dir/drv"
        try { & libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" --listen -d } finally { Remove-Item Env:LIBVIRT_DRIVER_DIR }
        $deadline = (Get-Date).AddSeconds(10)
        while (-not (Test-Path "$dir/run/pid") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $up = $false
        while (-not $up -and (Get-Date) -lt $deadline) {
            try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Dispose(); $up = $true } catch { Start-Sleep -Milliseconds 50 }
        }
        $daemonPid = if (Test-Path "$dir/run/pid") { [int](Get-Content "$dir/run/pid") } else { 0 }
        $daemon = [pscustomobject]@{ Dir = $dir; Pid = $daemonPid; Port = $port; Pki = $pki }
        if (-not $up) { Stop-TestDaemon $daemon; throw "libvirtd did not listen for TLS: $(Get-Content "$dir/log/libvirtd.log" -Tail 5 -ErrorAction SilentlyContinue)" }
        $daemon
    }

    function New-PkiDir([string] $Name, [string] $Ca, [string] $Cert, [string] $Key) {
        $d = Join-Path $daemon.Dir "pkipath-$Name"
        New-Item -ItemType Directory $d -Force | Out-Null
        if ($Ca) { Copy-Item "$($daemon.Pki)/$Ca" "$d/cacert.pem" }
        if ($Cert) { Copy-Item "$($daemon.Pki)/$Cert" "$d/clientcert.pem" }
        if ($Key) { Copy-Item "$($daemon.Pki)/$Key" "$d/clientkey.pem" }
        $d
    }

    function Invoke-Virsh([string] $Uri) {
        $env:LC_ALL = 'C'
        try { $err = & virsh -c $Uri uri 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } } finally { Remove-Item Env:LC_ALL }
        [pscustomobject]@{ Ok = ($LASTEXITCODE -eq 0); Error = (@($err | ForEach-Object { "$_" } | Where-Object { $_ -like 'error: *' }) | Select-Object -Last 1) -replace '^error: ', '' }
    }

    $daemon = if (-not $unavailable) { New-TlsTestDaemon } else { $null }
}

AfterAll {
    Disconnect-Libvirt -All
    if ($daemon) { Stop-TestDaemon $daemon }
}

Describe 'Test-LibvirtTls and tls connections compared with virsh' {
    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
    }
    AfterEach { Disconnect-Libvirt -All }

    It 'good PKI: passes every check, connects and lists what virsh lists' {
        $good = New-PkiDir good cacert.pem client1cert.pem client1key.pem
        $uri = "test+tls://localhost:$($daemon.Port)/default?pkipath=$good"
        (Invoke-Virsh $uri).Ok | Should -BeTrue
        $r = Test-LibvirtTls -ComputerName localhost -Port $daemon.Port -PkiPath $good
        $r.Success | Should -BeTrue
        $r.DaemonAcceptedClient | Should -BeTrue
        $r.ClientSubject | Should -Match 'CN=client1'
        $r.ProtocolVersion | Should -BeLike 'TLS 1.*'
        @($r.ServerChain).Count | Should -BeGreaterThan 0
        ($r | Out-String) | Should -Match '\[PASS\] Daemon accepted client'
        $null = Connect-Libvirt $uri
        $names = (& virsh -c $uri list --all --name) | Where-Object { $_ }
        @((Get-LibvirtDomain).Name) | Should -Be @($names)
    }

    It '<Case>: refused like virsh, with the matching failed check' -ForEach @(
        @{ Case = 'wrong host name'; TargetHost = '127.0.0.1'; Files = @('cacert.pem', 'client1cert.pem', 'client1key.pem'); Check = 'Server certificate' }
        @{ Case = 'untrusted CA'; TargetHost = 'localhost'; Files = @('altcacert.pem', $null, $null); Check = 'Server certificate' }
        @{ Case = 'client certificate missing'; TargetHost = 'localhost'; Files = @('cacert.pem', $null, $null); Check = 'Daemon accepted client' }
        @{ Case = 'client DN not in tls_allowed_dn_list'; TargetHost = 'localhost'; Files = @('cacert.pem', 'intrudercert.pem', 'intruderkey.pem'); Check = 'Daemon accepted client' }
        @{ Case = 'empty pkipath'; TargetHost = 'localhost'; Files = @($null, $null, $null); Check = 'CA certificate file' }
    ) {
        $dir = New-PkiDir ($Case -replace '\W', '') @Files
        $uri = "test+tls://${TargetHost}:$($daemon.Port)/default?pkipath=$dir"
        $v = Invoke-Virsh $uri
        $v.Ok | Should -BeFalse
        $r = Test-LibvirtTls $uri
        $r.Success | Should -BeFalse
        @($r.Checks | Where-Object { -not $_.Passed -and $_.Severity -eq 'Error' }).Name | Should -Contain $Check
        ($r.Checks | Where-Object Name -eq $Check | Where-Object { -not $_.Passed }).Remedy | Should -Not -BeNullOrEmpty
        $err = $null
        $null = Connect-Libvirt $uri -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -Not -BeNullOrEmpty
        $err[0].Exception.Message | Should -Be $v.Error
    }

    It 'no_verify=1 with a wrong host name: accepted like virsh, the server check is a warning' {
        $good = New-PkiDir good cacert.pem client1cert.pem client1key.pem
        $uri = "test+tls://127.0.0.1:$($daemon.Port)/default?pkipath=$good&no_verify=1"
        (Invoke-Virsh $uri).Ok | Should -BeTrue
        $r = Test-LibvirtTls -ComputerName 127.0.0.1 -Port $daemon.Port -PkiPath $good -NoVerify
        $r.Success | Should -BeTrue
        ($r.Checks | Where-Object Name -eq 'Server certificate').Status | Should -Be 'WARN'
        (Connect-Libvirt $uri).IsAlive | Should -BeTrue
    }

    It '-Offline checks files only' {
        $good = New-PkiDir good cacert.pem client1cert.pem client1key.pem
        $r = Test-LibvirtTls -ComputerName localhost -Port 1 -PkiPath $good -Offline
        $r.Success | Should -BeTrue
        $r.Connected | Should -BeNullOrEmpty
        $r.ClientCertificate.Subject | Should -Match 'client1'
    }

    It '-TlsPriority NORMAL:-VERS-ALL:+VERS-TLS1.2 negotiates TLS 1.2; NONE fails like libvirt' {
        $good = New-PkiDir good cacert.pem client1cert.pem client1key.pem
        (Test-LibvirtTls -ComputerName localhost -Port $daemon.Port -PkiPath $good -TlsPriority 'NORMAL:-VERS-ALL:+VERS-TLS1.2').ProtocolVersion | Should -Be 'TLS 1.2'
        $r = Test-LibvirtTls -ComputerName localhost -Port $daemon.Port -PkiPath $good -TlsPriority NONE
        $r.Success | Should -BeFalse
        ($r.Checks | Where-Object Name -eq 'TLS priority').Message | Should -Be 'Failed to set TLS session priority to NONE: No or insufficient priorities were set.'
    }
}
