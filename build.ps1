<#
.SYNOPSIS
    The one entry point of the LibvirtPS build: Build (default), Test, Docs, Bench, Demo.

.DESCRIPTION
    Build   compiles the module into out/LibvirtPS and its help into en-US/ beside the manifest
            (the root LibvirtPS.psd1 points there, so Import-Module ./LibvirtPS.psd1 loads it).
    Docs    turns docs/*.md (platyPS schema) into MAML and about_*.help.txt.
    Test    builds, runs every xunit project and the Pester suite, and prints one line
            "N passed, N failed, N skipped" summing them all (also written to out/test-summary.json).
    Bench   runs the benchmarks in tests/bench.
    Demo    builds and shows the module's main job on the embedded test:///default driver.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Docs', 'Bench', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'LibvirtPS'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Dotnet {
    # takes one array: dotnet's own switches (-o, -c) must not be bound as PowerShell parameters
    param([Parameter(Mandatory, Position = 0)] [string[]] $Arguments)
    Write-Host "> dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE" }
}

function Invoke-Docs {
    # next to the root manifest: Get-Help looks for help in the module base (the manifest's folder)
    $helpOut = Join-Path $root 'en-US'
    Invoke-Dotnet @('run', '--project', (Join-Path $root 'src/LibvirtPS.HelpBuilder'), '-c', $Configuration, '--',
        '--docs', (Join-Path $root 'docs'), '--out', $helpOut, '--assembly', 'LibvirtPS.dll')
}

function Invoke-Build {
    Invoke-Dotnet @('build', (Join-Path $root 'src/LibvirtPS/LibvirtPS.csproj'), '-c', $Configuration, '-o', $moduleOut, '--nologo', '-v', 'quiet')
    Invoke-Docs
}

# The pwsh executable running this script (under `dotnet pwsh` the process itself is dotnet).
function Get-PwshPath {
    $candidate = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if (Test-Path $candidate) { return $candidate }
    return (Get-Process -Id $PID).Path
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -join ''
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Get-PesterModulePath {
    $proj = Join-Path $root 'tests/LibvirtPS.Tests/PesterRestore.proj'
    Invoke-Dotnet @('restore', $proj, '--nologo', '-v', 'quiet')
    $version = ([xml](Get-Content $proj)).Project.PropertyGroup.PesterVersion
    $path = Join-Path (Get-NuGetPackagesFolder) "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $path)) { throw "Pester $version was restored but $path is missing" }
    return $path
}

function Read-TrxCounts([string] $folder) {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem $folder -Filter *.trx -ErrorAction SilentlyContinue) {
        $c = ([xml](Get-Content -LiteralPath $trx.FullName -Raw)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$c.passed
        $counts.Failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        # xunit's skipped tests are counted in total but not in executed
        $counts.Skipped += [int]$c.total - [int]$c.executed
    }
    return $counts
}

# The names and first lines of the failing xunit tests, so the end of a CI log says what failed
function Read-TrxFailures([string] $folder) {
    foreach ($trx in Get-ChildItem $folder -Filter *.trx -ErrorAction SilentlyContinue) {
        $doc = [xml](Get-Content -LiteralPath $trx.FullName -Raw)
        foreach ($r in @($doc.TestRun.Results.UnitTestResult) | Where-Object { $_ -and $_.outcome -eq 'Failed' }) {
            $message = "$($r.Output.ErrorInfo.Message)".Trim()
            if ($message.Length -gt 600) { $message = $message.Substring(0, 600) + ' ...' }
            "$($r.testName): $message"
        }
    }
}

# The peers the integration tests run against (libvirt 9.0 from Debian). Installed when missing and
# possible (Linux, root, apt); otherwise the tests that need them report themselves skipped with the reason.
$testPeerPackages = @('libvirt-daemon', 'libvirt-clients', 'python3-libvirt', 'openssh-server', 'sasl2-bin',
    'libsasl2-modules', 'gnutls-bin', 'netcat-openbsd')
# polkit's peers are installed on their own: they pull in systemd and D-Bus, and a machine that cannot take those
# must still get the peers above (the polkit tests then skip with the reason)
$polkitPeerPackages = @('polkitd', 'dbus-daemon')

function Install-TestPeers {
    if (-not $IsLinux) { Write-Host 'Test peers: not Linux, tests that need libvirt peers will be skipped.'; return }
    Install-PeerPackages $testPeerPackages
    Install-PeerPackages $polkitPeerPackages
}

function Install-PeerPackages([string[]] $packages) {
    $missing = @($packages | Where-Object { (& dpkg-query -W -f '${Status}' $_ 2>$null) -notmatch 'install ok installed' })
    if ($missing.Count -eq 0) { return }
    $isRoot = (& id -u) -eq '0'
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Warning "Test peers missing ($($missing -join ', ')) and not installable here (needs root and apt-get); the tests that need them will be skipped."
        return
    }
    Write-Host "Installing test peers: $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq
    # --no-install-recommends: libvirt-daemon would otherwise pull in QEMU
    & apt-get install -y -qq --no-install-recommends @missing
    if ($LASTEXITCODE -ne 0) { Write-Warning 'apt-get install failed; the tests that need the peers will be skipped.' }
}

function Invoke-Test {
    Remove-Item (Join-Path $out 'test-summary.txt') -ErrorAction SilentlyContinue
    Install-TestPeers
    Invoke-Build
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory $results | Out-Null

    # xunit: every test project of the solution; a failing suite must not stop the others from running
    $xunitFailedToRun = $false
    Write-Host "> dotnet test LibvirtPS.sln" -ForegroundColor DarkGray
    & dotnet test (Join-Path $root 'LibvirtPS.sln') -c $Configuration --nologo `
        --logger 'trx' --logger 'console;verbosity=normal' --results-directory $results
    if ($LASTEXITCODE -ne 0) { $xunitFailedToRun = $true }
    $xunit = Read-TrxCounts $results

    # Pester: in a fresh process, so the freshly built module and its help are what gets loaded
    $pester = Get-PesterModulePath
    $pesterJson = Join-Path $out 'pester-counts.json'
    if (Test-Path $pesterJson) { Remove-Item $pesterJson }
    $runner = Join-Path $root 'tests/LibvirtPS.Tests/Invoke-PesterSuite.ps1'
    $pwsh = Get-PwshPath
    & $pwsh -NoProfile -NonInteractive -File $runner -PesterPath $pester -ResultPath $pesterJson
    $pesterCounts = if (Test-Path $pesterJson) { Get-Content $pesterJson -Raw | ConvertFrom-Json } else { $null }
    if ($null -eq $pesterCounts) {
        $pesterCounts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
        Write-Warning 'The Pester run did not report its counts; counted as one failure.'
    }

    $passed = $xunit.Passed + $pesterCounts.Passed
    $failed = $xunit.Failed + $pesterCounts.Failed
    $skipped = $xunit.Skipped + $pesterCounts.Skipped
    if ($xunitFailedToRun -and $xunit.Failed -eq 0) { $failed += 1; Write-Warning 'dotnet test failed without a failing test (build error?); counted as one failure.' }
    [ordered]@{ Passed = $passed; Failed = $failed; Skipped = $skipped
        Xunit = $xunit; Pester = $pesterCounts } | ConvertTo-Json -Depth 3 | Set-Content (Join-Path $out 'test-summary.json')
    Write-Host ''
    $failures = @(Read-TrxFailures $results) + @(if ($pesterCounts.PSObject.Properties['FailedTests']) { $pesterCounts.FailedTests })
    foreach ($f in $failures | Where-Object { $_ }) { Write-Host "FAILED $f" -ForegroundColor Red }
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed, $($pesterCounts.Skipped) skipped"
    $line = "$passed passed, $failed failed, $skipped skipped"
    Set-Content -Path (Join-Path $out 'test-summary.txt') -Value $line
    Write-Output $line
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Bench {
    Invoke-Build
    $scripts = @(Get-ChildItem (Join-Path $root 'tests/bench') -Filter '*.Bench.ps1' -ErrorAction SilentlyContinue)
    if ($scripts.Count -eq 0) {
        Write-Host 'tests/bench has no benchmark scripts.'
        return
    }
    foreach ($s in $scripts) { & $s.FullName -ModulePath (Join-Path $root 'LibvirtPS.psd1') }
}

function Invoke-Demo {
    Invoke-Build
    $pwsh = Get-PwshPath
    # in a fresh process so the module just built is the one loaded
    $demo = {
        param($manifest)
        Import-Module $manifest
        function Show([string] $command) {
            Write-Host "PS> $command" -ForegroundColor Cyan
            Invoke-Expression $command | Out-String -Width 160 | Write-Host
        }
        Show 'Connect-Libvirt test:///default | Get-LibvirtDomain'
        Show 'Get-LibvirtHost'
        Show 'Get-LibvirtConnection'
        # a day's work on the same connection: a change under -WhatIf, an event seen, snapshots, networks, storage
        Show 'Stop-LibvirtDomain test -WhatIf'
        Show '$null = Register-LibvirtDomainEvent -SourceIdentifier demo; Suspend-LibvirtDomain test; Resume-LibvirtDomain test; Get-LibvirtEvent -SourceIdentifier demo; Unregister-LibvirtEvent demo'
        Show 'New-LibvirtDomainSnapshot test -Name before-upgrade -Description "demo" | Out-Null; Get-LibvirtDomainSnapshot -DomainName test'
        Show 'Get-LibvirtNetwork'
        Show 'Get-LibvirtStoragePool'
        Show "Resolve-LibvirtUri test:///default, qemu:///system, 'qemu+ssh://root@kvm1.example.com/system', 'qemu+tls://[::1]/system'"
        Show "Resolve-LibvirtUri 'qemu+ssh://root@kvm1.example.com:2222/system?keyfile=/root/.ssh/kvm&no_tty=1' | Format-List Transport, Host, Port, RemoteName, CommandLine"
        Disconnect-Libvirt -All
    }
    & $pwsh -NoProfile -NonInteractive -Command $demo -args (Join-Path $root 'LibvirtPS.psd1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Docs' { Invoke-Docs }
    'Test' { Invoke-Test }
    'Bench' { Invoke-Bench }
    'Demo' { Invoke-Demo }
}
