<#
.SYNOPSIS
    Benchmarks LibvirtPS against python-libvirt and virsh on one private libvirtd (test driver) and the same work:
    connect time, one round trip (GET_STATE), and listing 1,000 and 10,000 domains with names, ids, UUIDs and states.
    Prints a table with ratios and writes out/bench.json. Run: dotnet pwsh ./build.ps1 Bench
    Get-LibvirtDomain lists with the bulk calls alone; where the driver's bulk stats lack max memory, memory, vCPUs
    and CPU time (libvirt's test driver has the state group only) the objects read them when first used, for the whole
    listing in one pipelined burst. So three cmdlet figures are reported: the plain listing (the issue's work: names,
    ids, UUIDs, states, against python's listAllDomains() + state()), the listing followed by reading every object's
    Memory, and -Detailed (reading them during the listing), the last two against python reading the same fields
    (info() per domain).
    Where the time goes (client and daemon CPU per thread, allocations): dotnet LibvirtPS.Bench.dll profile <uri> <daemon-pid> <repeats>
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$python = '/usr/bin/python3'
if (-not (Get-Command libvirtd -ErrorAction SilentlyContinue) -or -not (Test-Path $python)) { throw 'Bench needs libvirtd and /usr/bin/python3 with python3-libvirt (run build.ps1 Test once to install the peers).' }

# a private daemon with only the test driver
$dir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-bench-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log" | Out-Null
@"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
$env:LIBVIRT_DRIVER_DIR = "$dir/drv"
& libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" -d
Remove-Item Env:LIBVIRT_DRIVER_DIR
$deadline = (Get-Date).AddSeconds(10)
while (-not (Test-Path "$dir/run/libvirt-sock") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
$uri = "test+unix:///default?socket=$dir/run/libvirt-sock"

$bench = Join-Path $root 'tests/bench/LibvirtPS.Bench'
& dotnet build $bench -c Release --nologo -v quiet | Out-Null
$benchDll = Join-Path $bench 'bin/Release/net10.0/LibvirtPS.Bench.dll'

Import-Module $ModulePath -Force
$results = [ordered]@{}
try {
    foreach ($n in 1000, 10000) {
        $holder = New-Object System.Diagnostics.Process
        $holder.StartInfo.FileName = $python
        $holder.StartInfo.ArgumentList.Add((Join-Path $PSScriptRoot 'hold_domains.py'))
        $holder.StartInfo.ArgumentList.Add($uri)
        $holder.StartInfo.ArgumentList.Add([string]($n - 1))
        $holder.StartInfo.RedirectStandardInput = $true
        $holder.StartInfo.RedirectStandardOutput = $true
        $holder.StartInfo.UseShellExecute = $false
        $null = $holder.Start()
        $ready = $holder.StandardOutput.ReadLine()
        Write-Host "daemon filled: $ready"

        $core = & dotnet $benchDll $uri 20 2000 5 | ConvertFrom-Json
        $py = & $python (Join-Path $PSScriptRoot 'bench_python.py') $uri 20 2000 5 | ConvertFrom-Json

        $virsh = foreach ($i in 1..3) { (Measure-Command { & virsh -c $uri list --all | Out-Null }).TotalMilliseconds }
        $virshMs = ($virsh | Sort-Object)[1]

        # PowerShell, warm session: objects included
        $c = Connect-Libvirt $uri -KeepAliveInterval 0
        $null = Get-LibvirtDomain -Connection $c
        $ps = foreach ($i in 1..5) { (Measure-Command { $script:list = Get-LibvirtDomain -Connection $c }).TotalMilliseconds }
        $psMs = ($ps | Sort-Object)[2]
        $psCount = $script:list.Count
        $lazy = foreach ($i in 1..5) { (Measure-Command { $script:list = Get-LibvirtDomain -Connection $c; $null = $script:list.ForEach('Memory') }).TotalMilliseconds }
        $lazyMs = ($lazy | Sort-Object)[2]
        $detailed = foreach ($i in 1..5) { (Measure-Command { $script:list = Get-LibvirtDomain -Connection $c -Detailed }).TotalMilliseconds }
        $detailedMs = ($detailed | Sort-Object)[2]
        $connectPs = foreach ($i in 1..10) { (Measure-Command { $x = Connect-Libvirt $uri -KeepAliveInterval 0 -NoDefault; Disconnect-Libvirt $x }).TotalMilliseconds }
        $connectPsMs = ($connectPs | Sort-Object)[5]
        Disconnect-Libvirt $c

        $results["$n"] = [ordered]@{
            domains = $psCount
            libvirtps_cmdlet_list_ms = [math]::Round($psMs, 2)
            libvirtps_core_list_ms = [math]::Round($core.list_ms, 2)
            python_list_ms = [math]::Round($py.list_ms, 2)
            virsh_list_ms = [math]::Round($virshMs, 2)
            ratio_cmdlet_vs_python = [math]::Round($psMs / $py.list_ms, 3)
            ratio_cmdlet_vs_virsh = [math]::Round($psMs / $virshMs, 3)
            # the core's two bulk calls alone, and the details: read on first use after the listing, or with
            # -Detailed, both against python getting the same fields (info() per domain)
            libvirtps_core_list_state_only_ms = [math]::Round($core.list_state_only_ms, 2)
            ratio_core_state_only_vs_python = [math]::Round($core.list_state_only_ms / $py.list_ms, 3)
            libvirtps_cmdlet_list_then_memory_ms = [math]::Round($lazyMs, 2)
            libvirtps_cmdlet_detailed_ms = [math]::Round($detailedMs, 2)
            python_list_details_ms = [math]::Round($py.list_details_ms, 2)
            ratio_cmdlet_then_memory_vs_python_details = [math]::Round($lazyMs / $py.list_details_ms, 3)
            ratio_cmdlet_detailed_vs_python_details = [math]::Round($detailedMs / $py.list_details_ms, 3)
            load_average = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -replace '^(\S+ \S+ \S+).*', '$1'
            libvirtps_connect_ms = [math]::Round($core.connect_ms, 3)
            libvirtps_connect_with_identity_ms = [math]::Round($core.connect_with_identity_ms, 3)
            libvirtps_cmdlet_connect_ms = [math]::Round($connectPsMs, 3)
            python_connect_ms = [math]::Round($py.connect_ms, 3)
            ratio_connect = [math]::Round($core.connect_ms / $py.connect_ms, 3)
            libvirtps_roundtrip_ms = [math]::Round($core.roundtrip_ms, 4)
            python_roundtrip_ms = [math]::Round($py.roundtrip_ms, 4)
            ratio_roundtrip = [math]::Round($core.roundtrip_ms / $py.roundtrip_ms, 3)
            libvirtps_list_managed_mb = [math]::Round($core.list_managed_bytes / 1MB, 2)
        }
        $holder.StandardInput.Close()
        $null = $holder.WaitForExit(10000)
    }

    # load: one connection, 64 threads, 100,000 GET_STATE calls, every answer checked
    $results['load'] = [ordered]@{
        libvirtps = & dotnet $benchDll load $uri 64 100000 | ConvertFrom-Json
        python = & $python (Join-Path $PSScriptRoot 'bench_python_load.py') $uri 64 100000 | ConvertFrom-Json
    }
}
finally {
    $daemonPid = Get-Content "$dir/run/pid" -ErrorAction SilentlyContinue
    if ($daemonPid) { Stop-Process -Id $daemonPid -ErrorAction SilentlyContinue }
    Start-Sleep -Milliseconds 300
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
$json = $results | ConvertTo-Json -Depth 4
New-Item -ItemType Directory -Force (Join-Path $root 'out') | Out-Null
$json | Set-Content (Join-Path $root 'out/bench.json')
foreach ($k in $results.Keys) { Write-Host "== $k"; $results[$k] | ConvertTo-Json -Depth 3 | Write-Host }
