<#
.SYNOPSIS
    Event latency: a domain change made on one connection until the event is in the script's hands on another, on
    one private libvirtd (test driver). LibvirtPS: SuspendDomainAsync/ResumeDomainAsync on the core (LOOKUP_BY_UUID +
    the call, two round trips) then Wait-LibvirtEvent; python-libvirt: dom.suspend()/resume() (one round trip) then its
    callback on the event-loop thread. Writes out/bench-events.json. Run: dotnet pwsh ./build.ps1 Bench
#>
param([Parameter(Mandatory)] [string] $ModulePath, [int] $Count = 400)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
Import-Module $ModulePath -Force
Import-Module (Join-Path $root 'tests/LibvirtPS.Tests/TestDaemon.psm1') -Force
$daemon = Start-TestDaemon
try {
    $uri = $daemon.UnixUri
    $ev = Connect-Libvirt $uri -NoDefault
    $ctl = Connect-Libvirt $uri -NoDefault
    $null = Register-LibvirtDomainEvent -Connection $ev -SourceIdentifier bench
    $uuid = (Get-LibvirtDomain test -Connection $ctl).Uuid
    $none = [Threading.CancellationToken]::None
    $lat = [Collections.Generic.List[double]]::new()
    $sw = [Diagnostics.Stopwatch]::new()
    for ($i = 0; $i -lt $Count + 20; $i++) {
        $sw.Restart()
        if ($i % 2 -eq 0) { $ctl.Hypervisor.SuspendDomainAsync($uuid, $none).GetAwaiter().GetResult() | Out-Null }
        else { $ctl.Hypervisor.ResumeDomainAsync($uuid, $none).GetAwaiter().GetResult() | Out-Null }
        $null = Wait-LibvirtEvent bench -Timeout 5
        if ($i -ge 20) { $lat.Add($sw.Elapsed.TotalMilliseconds) } # the first 20 warm up the JIT
    }
    # the same calls without waiting for the event: what the change itself costs
    $calls = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Count; $i++) {
        $sw.Restart()
        if ($i % 2 -eq 0) { $ctl.Hypervisor.SuspendDomainAsync($uuid, $none).GetAwaiter().GetResult() | Out-Null }
        else { $ctl.Hypervisor.ResumeDomainAsync($uuid, $none).GetAwaiter().GetResult() | Out-Null }
        $calls.Add($sw.Elapsed.TotalMilliseconds)
    }
    $null = Get-LibvirtEvent bench
    $callsSorted = @($calls | Sort-Object)
    $sorted = @($lat | Sort-Object)
    $ours = [ordered]@{ median_ms = $sorted[[int]($sorted.Count / 2)]; p95_ms = $sorted[[int]($sorted.Count * 0.95) - 1]; n = $Count; call_only_median_ms = $callsSorted[[int]($callsSorted.Count / 2)] }
    $py = & /usr/bin/python3 (Join-Path $PSScriptRoot 'bench_events.py') $uri $Count | ConvertFrom-Json
    $result = [ordered]@{ libvirtps = $ours; python_libvirt = $py; daemon = 'libvirtd 9.0 test driver, unix socket' }
    $out = Join-Path $root 'out'
    New-Item -ItemType Directory -Force $out | Out-Null
    $result | ConvertTo-Json | Set-Content (Join-Path $out 'bench-events.json')
    "event latency (change on one connection -> event in the script), median / p95 over ${Count}:"
    "  LibvirtPS (core call + Wait-LibvirtEvent): {0:N2} / {1:N2} ms" -f $ours.median_ms, $ours.p95_ms
    "  python-libvirt (suspend() + callback):     {0:N2} / {1:N2} ms" -f $py.median_ms, $py.p95_ms
    "  (LibvirtPS change alone, no wait: median {0:N2} ms)" -f $ours.call_only_median_ms
}
finally {
    Unregister-LibvirtEvent * -ErrorAction SilentlyContinue
    Disconnect-Libvirt -All
    Stop-TestDaemon $daemon
}
