<#
.SYNOPSIS
    TLS connect cost: LibvirtPS (to CONNECT_OPEN done) against python-libvirt's open() and virsh on one private
    libvirtd with listen_tls and a certtool-made PKI (loopback only). Also one round trip and a listing over TLS.
    Writes out/bench-tls.json. Run: dotnet pwsh ./build.ps1 Bench
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$python = '/usr/bin/python3'
foreach ($tool in 'libvirtd', 'certtool', 'virsh') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "the TLS bench needs $tool (run build.ps1 Test once to install the peers)" }
}

$dir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-tlsbench-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log", "$dir/pki", "$dir/client" | Out-Null
$certtoolExe = (Get-Command certtool -CommandType Application | Select-Object -First 1).Source
function Invoke-Certtool { & $certtoolExe @args 2>&1 | Out-Null; if ($LASTEXITCODE -ne 0) { throw "certtool $args failed" } }
"cn = LibvirtPS Bench CA`nca`ncert_signing_key`nexpiration_days = 2`n" | Set-Content "$dir/pki/ca.info"
"organization = LibvirtPS`ncn = 127.0.0.1`nip_address = 127.0.0.1`ntls_www_server`nencryption_key`nsigning_key`nexpiration_days = 2`n" | Set-Content "$dir/pki/server.info"
"country = GB`norganization = LibvirtPS`ncn = bench`ntls_www_client`nencryption_key`nsigning_key`nexpiration_days = 2`n" | Set-Content "$dir/pki/client.info"
Invoke-Certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$dir/pki/cakey.pem"
Invoke-Certtool --generate-self-signed --load-privkey "$dir/pki/cakey.pem" --template "$dir/pki/ca.info" --outfile "$dir/pki/cacert.pem"
foreach ($who in 'server', 'client') {
    Invoke-Certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$dir/pki/${who}key.pem"
    Invoke-Certtool --generate-certificate --load-privkey "$dir/pki/${who}key.pem" --load-ca-certificate "$dir/pki/cacert.pem" `
        --load-ca-privkey "$dir/pki/cakey.pem" --template "$dir/pki/$who.info" --outfile "$dir/pki/${who}cert.pem"
}
Copy-Item "$dir/pki/cacert.pem" "$dir/client/cacert.pem"
Copy-Item "$dir/pki/clientcert.pem" "$dir/client/clientcert.pem"
Copy-Item "$dir/pki/clientkey.pem" "$dir/client/clientkey.pem"

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
key_file = "$dir/pki/serverkey.pem"
cert_file = "$dir/pki/servercert.pem"
ca_file = "$dir/pki/cacert.pem"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
$env:LIBVIRT_DRIVER_DIR = "$dir/drv"
& libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" --listen -d
Remove-Item Env:LIBVIRT_DRIVER_DIR
$deadline = (Get-Date).AddSeconds(10)
while (-not (Test-Path "$dir/run/libvirt-sock") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
Start-Sleep -Milliseconds 300
$uri = "test+tls://127.0.0.1:$port/default?pkipath=$dir/client"

& dotnet build (Join-Path $root 'tests/bench/LibvirtPS.Bench') -c Release --nologo -v quiet | Out-Null
$benchDll = Join-Path $root 'tests/bench/LibvirtPS.Bench/bin/Release/net10.0/LibvirtPS.Bench.dll'
try {
    $core = & dotnet $benchDll $uri 20 500 3 | ConvertFrom-Json
    $py = & $python (Join-Path $PSScriptRoot 'bench_python.py') $uri 20 500 3 | ConvertFrom-Json
    $virsh = foreach ($i in 1..5) { (Measure-Command { & virsh -c $uri uri | Out-Null }).TotalMilliseconds }
    $virshMs = ($virsh | Sort-Object)[2]
    Import-Module $ModulePath -Force
    $ps = foreach ($i in 1..10) { (Measure-Command { $x = Connect-Libvirt $uri -KeepAliveInterval 0 -NoDefault; Disconnect-Libvirt $x }).TotalMilliseconds }
    $results = [ordered]@{
        libvirtps_tls_connect_ms = [math]::Round($core.connect_ms, 2)
        libvirtps_tls_connect_with_identity_ms = [math]::Round($core.connect_with_identity_ms, 2)
        libvirtps_cmdlet_tls_connect_ms = [math]::Round(($ps | Sort-Object)[5], 2)
        python_tls_open_ms = [math]::Round($py.connect_ms, 2)
        virsh_tls_uri_command_ms = [math]::Round($virshMs, 2)
        ratio_connect_vs_python = [math]::Round($core.connect_ms / $py.connect_ms, 3)
        libvirtps_tls_roundtrip_ms = [math]::Round($core.roundtrip_ms, 4)
        python_tls_roundtrip_ms = [math]::Round($py.roundtrip_ms, 4)
    }
}
finally {
    $daemonPid = Get-Content "$dir/run/pid" -ErrorAction SilentlyContinue
    if ($daemonPid) { Stop-Process -Id $daemonPid -ErrorAction SilentlyContinue }
    Start-Sleep -Milliseconds 300
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
$results | ConvertTo-Json | Set-Content (Join-Path $root 'out/bench-tls.json')
Write-Host "== tls"; $results | ConvertTo-Json | Write-Host
