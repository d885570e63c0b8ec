<#
.SYNOPSIS
    SSH connect cost: LibvirtPS over +ssh (the OpenSSH client, to CONNECT_OPEN done) against python-libvirt's open()
    and virsh over the same URI, on a private sshd and a private libvirtd (loopback only; socket= so the remote side
    runs nc). Also +libssh2 (in-process SSH.NET) when this build has it working. Writes out/bench-ssh.json.
    Run: dotnet pwsh ./build.ps1 Bench
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$python = '/usr/bin/python3'
Import-Module (Join-Path $root 'tests/LibvirtPS.Tests/TestDaemon.psm1') -Force
Import-Module (Join-Path $root 'tests/LibvirtPS.Tests/TestSshd.psm1') -Force
$why = (Get-TestDaemonUnavailableReason) ?? (Get-TestSshdUnavailableReason)
if ($why) { throw "the SSH bench cannot run: $why" }
if (-not (Get-Command virsh -ErrorAction SilentlyContinue)) { throw 'the SSH bench needs virsh (libvirt-clients)' }

function Get-Median([double[]] $xs) { ($xs | Sort-Object)[[int][math]::Floor($xs.Count / 2)] }

$daemon = $null; $sshd = $null
try {
    $daemon = Start-TestDaemon
    $sshd = Start-TestSshd
    $uri = "test+ssh://127.0.0.1:$($sshd.Port)/default?command=$($sshd.Wrapper)&socket=$($daemon.Socket)"

    & dotnet build (Join-Path $root 'tests/bench/LibvirtPS.Bench') -c Release --nologo -v quiet | Out-Null
    $benchDll = Join-Path $root 'tests/bench/LibvirtPS.Bench/bin/Release/net10.0/LibvirtPS.Bench.dll'
    $core = & dotnet $benchDll $uri 10 200 2 | ConvertFrom-Json
    $py = & $python (Join-Path $PSScriptRoot 'bench_python.py') $uri 10 200 2 | ConvertFrom-Json
    $virsh = foreach ($i in 1..5) { (Measure-Command { & virsh -c $uri uri | Out-Null }).TotalMilliseconds }
    # what ssh alone costs (a session that runs `true`): the floor for every +ssh client
    $sshAlone = foreach ($i in 1..5) { (Measure-Command { & $sshd.Wrapper 127.0.0.1 true | Out-Null }).TotalMilliseconds }
    Import-Module $ModulePath -Force
    $ps = foreach ($i in 1..5) { (Measure-Command { $x = Connect-Libvirt $uri -KeepAliveInterval 0 -NoDefault; Disconnect-Libvirt $x }).TotalMilliseconds }

    $results = [ordered]@{
        libvirtps_ssh_connect_ms = [math]::Round($core.connect_ms, 2)
        libvirtps_ssh_connect_with_identity_ms = [math]::Round($core.connect_with_identity_ms, 2)
        libvirtps_cmdlet_ssh_connect_ms = [math]::Round((Get-Median $ps), 2)
        python_ssh_open_ms = [math]::Round($py.connect_ms, 2)
        virsh_ssh_uri_command_ms = [math]::Round((Get-Median $virsh), 2)
        openssh_session_true_ms = [math]::Round((Get-Median $sshAlone), 2)
        ratio_connect_vs_python = [math]::Round($core.connect_ms / $py.connect_ms, 3)
        libvirtps_ssh_roundtrip_ms = [math]::Round($core.roundtrip_ms, 4)
        python_ssh_roundtrip_ms = [math]::Round($py.roundtrip_ms, 4)
    }

    # +libssh2 (SSH.NET, in process): only when this build has it working
    $l2 = "test+libssh2://root@127.0.0.1:$($sshd.Port)/default?socket=$($daemon.Socket)&keyfile=$($sshd.UserKey)&known_hosts=$($sshd.KnownHosts)"
    try {
        $probe = Connect-Libvirt $l2 -KeepAliveInterval 0 -NoDefault -ErrorAction Stop
        Disconnect-Libvirt $probe
        $core2 = & dotnet $benchDll $l2 10 200 2 | ConvertFrom-Json
        $ps2 = foreach ($i in 1..5) { (Measure-Command { $x = Connect-Libvirt $l2 -KeepAliveInterval 0 -NoDefault; Disconnect-Libvirt $x }).TotalMilliseconds }
        $results.libvirtps_libssh2_connect_ms = [math]::Round($core2.connect_ms, 2)
        $results.libvirtps_cmdlet_libssh2_connect_ms = [math]::Round((Get-Median $ps2), 2)
        $virshOut = & virsh -c $l2 uri 2>&1
        if ($LASTEXITCODE -eq 0) {
            $virsh2 = foreach ($i in 1..5) { (Measure-Command { & virsh -c $l2 uri | Out-Null }).TotalMilliseconds }
            $results.virsh_libssh2_uri_command_ms = [math]::Round((Get-Median $virsh2), 2)
        }
        else { $results.virsh_libssh2_skipped = "virsh failed: $($virshOut -join ' ')" }
    }
    catch {
        $results.libssh2_skipped = "not measured: $($_.Exception.Message)"
    }
}
finally {
    Get-Module LibvirtPS | ForEach-Object { Disconnect-Libvirt -All -ErrorAction SilentlyContinue }
    if ($sshd) { Stop-TestSshd $sshd }
    if ($daemon) { Stop-TestDaemon $daemon }
}
New-Item -ItemType Directory (Join-Path $root 'out') -Force | Out-Null
$results | ConvertTo-Json | Set-Content (Join-Path $root 'out/bench-ssh.json')
Write-Host "== ssh"; $results | ConvertTo-Json | Write-Host
