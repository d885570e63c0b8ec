<#
.SYNOPSIS
    Fleet benchmark: list every domain of 50 hosts x 200 domains. Writes out/bench-fleet.json.
.DESCRIPTION
    Setup: 50 private libvirtd (test driver only: LIBVIRT_DRIVER_DIR an empty folder, each its own unix_sock_dir),
    each serving the same test-driver node XML of 200 domains (half running, half shut off) through
    test+unix:///<node.xml>?socket=<its socket>. The daemon parses the node file on every open, so every client
    pays the same per-open cost. When the machine cannot start 50 daemons the benchmark falls back to ONE daemon
    opened 50 times and says so in the result ("setup").

    Compared, same hosts, same work (every domain's name, id, UUID and state; Get-LibvirtDomain's bulk calls would
    carry memory, vCPUs and CPU time too where the driver's stats have them, which the test driver's do not):
      libvirtps        Connect-Libvirt $uris + Get-LibvirtDomain -Connection $all + Disconnect-Libvirt, in a warm
                       PowerShell session (the module loaded, as in an admin's session)
      libvirtps_list   Get-LibvirtDomain -Connection $all alone, on connections already open
      libvirtps_cold   the same in a new pwsh process (pwsh start and module load included)
      libvirtps_detailed  as libvirtps with Get-LibvirtDomain -Detailed: also every domain's memory, vCPUs and CPU
                       time (one DOMAIN_GET_INFO per domain, pipelined), more work than the others do
      virsh_loop       a bash loop: for u in $uris; do virsh -c "$u" list --all; done
      python_seq       python-libvirt, one host after the other: open, listAllDomains + name/ID/UUID/state, close
    Medians of -Repeats runs (wall clock). Run: dotnet pwsh ./build.ps1 Bench (runs every *.Bench.ps1), or
    dotnet pwsh tests/bench/Fleet.Bench.ps1 -ModulePath ./LibvirtPS.psd1 after build.ps1 Build.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Hosts = 50,
    [int] $DomainsPerHost = 200,
    [int] $Repeats = 5
)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$python = '/usr/bin/python3'
if (-not (Get-Command libvirtd -ErrorAction SilentlyContinue) -or -not (Get-Command virsh -ErrorAction SilentlyContinue) -or -not (Test-Path $python)) {
    throw 'The fleet bench needs libvirtd, virsh and /usr/bin/python3 with python3-libvirt.'
}

function Get-Median([double[]] $xs) { ($xs | Sort-Object)[[int][math]::Floor($xs.Count / 2)] }

$base = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-fleet-bench-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory "$base/drv" | Out-Null   # the empty driver folder all daemons share

# the node XML: 200 domains, every second one shut off (test:runstate 5 = VIR_DOMAIN_SHUTOFF)
$sb = [Text.StringBuilder]::new("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>`n")
for ($i = 0; $i -lt $DomainsPerHost; $i++) {
    $state = if ($i % 2) { '<test:runstate>5</test:runstate>' } else { '' }
    $null = $sb.AppendFormat("<domain type='test'><name>vm{0:d4}</name><memory unit='MiB'>{1}</memory><vcpu>{2}</vcpu><os><type>hvm</type></os>{3}</domain>`n",
        $i, 256 + $i, 1 + $i % 4, $state)
}
$null = $sb.Append('</node>')
$nodeXml = "$base/node.xml"
Set-Content $nodeXml $sb.ToString()

function Start-BenchDaemon([string] $dir) {
    New-Item -ItemType Directory "$dir/run", "$dir/log" -Force | Out-Null
    @"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
    $env:LIBVIRT_DRIVER_DIR = "$base/drv"
    try { & libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" -d } finally { Remove-Item Env:LIBVIRT_DRIVER_DIR }
    return "$dir/run/libvirt-sock"
}

function Measure-Fleet([string[]] $uris, [string] $setup) {
    $uriFile = "$base/uris-$([guid]::NewGuid().ToString('n').Substring(0, 6)).txt"
    Set-Content $uriFile $uris
    Write-Host "setup: $setup"
    # warm-up: JIT, module, the daemons' first open
    $all = Connect-Libvirt $uris -KeepAliveInterval 0 -NoDefault
    $count = @(Get-LibvirtDomain -Connection $all).Count
    Disconnect-Libvirt $all
    if ($count -ne $expected) { throw "LibvirtPS listed $count domains, expected $expected" }

    $daemonCpu0 = Get-DaemonCpuMs
    $ownCpu0 = Get-OwnCpuMs
    $ps = foreach ($r in 1..$Repeats) {
        (Measure-Command {
            $script:all = Connect-Libvirt $uris -KeepAliveInterval 0 -NoDefault
            $script:listed = Get-LibvirtDomain -Connection $script:all
            Disconnect-Libvirt $script:all
        }).TotalMilliseconds
        if ($script:listed.Count -ne $expected) { throw "LibvirtPS listed $($script:listed.Count) domains, expected $expected" }
    }
    $psDaemonCpu = ((Get-DaemonCpuMs) - $daemonCpu0) / $Repeats
    $psClientCpu = ((Get-OwnCpuMs) - $ownCpu0) / $Repeats
    $all = Connect-Libvirt $uris -KeepAliveInterval 0 -NoDefault
    $psList = foreach ($r in 1..$Repeats) { (Measure-Command { $script:listed = Get-LibvirtDomain -Connection $all }).TotalMilliseconds }
    $hostsSeen = @($script:listed | ForEach-Object { $_.Connection.Id } | Select-Object -Unique).Count
    Disconnect-Libvirt $all
    $psDetailed = foreach ($r in 1..$Repeats) {
        (Measure-Command {
            $script:all = Connect-Libvirt $uris -KeepAliveInterval 0 -NoDefault
            $script:listed = Get-LibvirtDomain -Connection $script:all -Detailed
            Disconnect-Libvirt $script:all
        }).TotalMilliseconds
        if (@($script:listed | Where-Object { $_.VCpus -lt 1 }).Count) { throw 'a -Detailed listing lacks vCPUs' }
    }

    $pwsh = Join-Path $PSHOME 'pwsh'
    if (-not (Test-Path $pwsh)) { $pwsh = (Get-Process -Id $PID).Path }
    $coldScript = "Import-Module '$ModulePath'; `$u = Get-Content '$uriFile'; `$a = Connect-Libvirt `$u -KeepAliveInterval 0; (Get-LibvirtDomain -Connection `$a).Count; Disconnect-Libvirt -All"
    $cold = foreach ($r in 1..3) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $n = if ($pwsh -like '*dotnet') { & $pwsh pwsh -NoProfile -NonInteractive -Command $coldScript } else { & $pwsh -NoProfile -NonInteractive -Command $coldScript }
        $sw.Stop()
        if ([int]$n -ne $expected) { throw "cold LibvirtPS listed $n domains" }
        $sw.Elapsed.TotalMilliseconds
    }

    # the shell loop, as an admin would write it; its output counted to check it did the work
    $virshLoop = 'n=0; while read -r u; do n=$((n + $(virsh -q -c "$u" list --all | grep -c .))); done < "$1"; echo $n'
    $daemonCpu0 = Get-DaemonCpuMs
    $virsh = foreach ($r in 1..3) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $n = & bash -c $virshLoop bash $uriFile
        $sw.Stop()
        if ([int]$n -ne $expected) { throw "the virsh loop listed $n domains, expected $expected" }
        $sw.Elapsed.TotalMilliseconds
    }

    $virshDaemonCpu = ((Get-DaemonCpuMs) - $daemonCpu0) / 3
    $py = foreach ($r in 1..3) {
        $res = & $python (Join-Path $PSScriptRoot 'bench_fleet_python.py') $uriFile | ConvertFrom-Json
        if ($res.domains -ne $expected) { throw "python listed $($res.domains) domains, expected $expected" }
        $res.ms
    }

    $psMs = Get-Median $ps
    $virshMs = Get-Median $virsh
    $pyMs = Get-Median $py
    [ordered]@{
        setup = $setup
        hosts = $Hosts
        domains_per_host = $DomainsPerHost
        domains_listed = $expected
        hosts_in_libvirtps_output = $hostsSeen
        throttle_limit = 32
        cpus = [Environment]::ProcessorCount
        libvirtps_connect_list_disconnect_ms = [math]::Round($psMs, 1)
        libvirtps_list_only_ms = [math]::Round((Get-Median $psList), 1)
        libvirtps_cold_process_ms = [math]::Round((Get-Median $cold), 1)
        libvirtps_detailed_ms = [math]::Round((Get-Median $psDetailed), 1)
        virsh_loop_ms = [math]::Round($virshMs, 1)
        python_sequential_ms = [math]::Round($pyMs, 1)
        ratio_libvirtps_vs_virsh_loop = [math]::Round($psMs / $virshMs, 3)
        ratio_libvirtps_cold_vs_virsh_loop = [math]::Round((Get-Median $cold) / $virshMs, 3)
        ratio_libvirtps_vs_python_sequential = [math]::Round($psMs / $pyMs, 3)
        ratio_libvirtps_detailed_vs_virsh_loop = [math]::Round((Get-Median $psDetailed) / $virshMs, 3)
        libvirtps_daemons_cpu_ms_per_run = [math]::Round($psDaemonCpu, 0)
        libvirtps_client_cpu_ms_per_run = [math]::Round($psClientCpu, 0)
        virsh_loop_daemons_cpu_ms_per_run = [math]::Round($virshDaemonCpu, 0)
        # no client can list faster here than the CPU work of the daemons and the client spread over all cores
        libvirtps_cpu_floor_ms = [math]::Round(($psDaemonCpu + $psClientCpu) / [Environment]::ProcessorCount, 0)
        ratio_cpu_floor_vs_virsh_loop = [math]::Round((($psDaemonCpu + $psClientCpu) / [Environment]::ProcessorCount) / $virshMs, 3)
        runs = [ordered]@{ libvirtps = $ps; libvirtps_list_only = $psList; libvirtps_cold = $cold; libvirtps_detailed = $psDetailed; virsh_loop = $virsh; python_sequential = $py }
    }
}

$sockets = @()
$setup = "$Hosts libvirtd test-driver instances on unix sockets, each serving a node XML of $DomainsPerHost domains"
$daemonDirs = @()
try {
    try {
        for ($h = 0; $h -lt $Hosts; $h++) {
            $dir = "$base/h$h"
            $daemonDirs += $dir
            $sockets += Start-BenchDaemon $dir
        }
        $deadline = (Get-Date).AddSeconds(30)
        while (@($sockets | Where-Object { -not (Test-Path $_) }).Count -gt 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        if (@($sockets | Where-Object { -not (Test-Path $_) }).Count -gt 0) { throw 'not every daemon started' }
    }
    catch {
        Write-Warning "Cannot run $Hosts daemons ($_): falling back to one daemon opened $Hosts times."
        $setup = "ONE libvirtd test-driver instance opened $Hosts times (the machine could not run $Hosts), node XML of $DomainsPerHost domains"
        $sockets = @($sockets[0]) * $Hosts
    }
    $nodeUris = @($sockets | ForEach-Object { "test+unix://$nodeXml`?socket=$_" })
    $defaultUris = @($sockets | ForEach-Object { "test+unix:///default?socket=$_" })
    $expected = $Hosts * $DomainsPerHost

    Import-Module $ModulePath -Force
    # CPU accounting: the daemons run on this machine's cores too, so their work is part of every client's time
    $clockTicks = [int](& getconf CLK_TCK)
    $daemonPids = @($daemonDirs | ForEach-Object { Get-Content "$_/run/pid" -ErrorAction SilentlyContinue } | Where-Object { $_ } | Select-Object -Unique)
    function Get-DaemonCpuMs {
        $t = 0L
        foreach ($p in $daemonPids) { $f = (Get-Content "/proc/$p/stat") -split ' '; $t += [long]$f[13] + [long]$f[14] }
        $t * 1000.0 / $clockTicks
    }
    function Get-OwnCpuMs { [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalMilliseconds }

    $result = [ordered]@{}
    $result['node_xml'] = Measure-Fleet $nodeUris $setup

    # second setup: the same daemons' test:///default, filled with the same number of domains through a python
    # holder that keeps its connections open: no file parsed per open, closer to a real host's cost of an open
    $holder = New-Object System.Diagnostics.Process
    $holder.StartInfo.FileName = $python
    $holder.StartInfo.ArgumentList.Add((Join-Path $PSScriptRoot 'hold_fleet.py'))
    $holderFile = "$base/hold-uris.txt"
    Set-Content $holderFile ($defaultUris | Select-Object -Unique)
    $holder.StartInfo.ArgumentList.Add($holderFile)
    $holder.StartInfo.ArgumentList.Add([string]$DomainsPerHost)
    $holder.StartInfo.RedirectStandardInput = $true
    $holder.StartInfo.RedirectStandardOutput = $true
    $holder.StartInfo.UseShellExecute = $false
    $null = $holder.Start()
    try {
        Write-Host "defined-domains setup: $($holder.StandardOutput.ReadLine())"
        $result['defined'] = Measure-Fleet $defaultUris ($setup -replace 'serving a node XML of (\d+) domains', 'test:///default holding $1 defined domains (kept by a python holder connection)')
    }
    finally {
        $holder.StandardInput.Close()
        $null = $holder.WaitForExit(30000)
    }
}
finally {
    foreach ($dir in $daemonDirs) {
        $daemonPid = Get-Content "$dir/run/pid" -ErrorAction SilentlyContinue
        if ($daemonPid) { Stop-Process -Id $daemonPid -ErrorAction SilentlyContinue }
    }
    Start-Sleep -Milliseconds 500
    Remove-Item $base -Recurse -Force -ErrorAction SilentlyContinue
}
New-Item -ItemType Directory -Force (Join-Path $root 'out') | Out-Null
$json = $result | ConvertTo-Json -Depth 4
$json | Set-Content (Join-Path $root 'out/bench-fleet.json')
Write-Host '== fleet (out/bench-fleet.json)'
Write-Host $json
