<#
.SYNOPSIS
    Runs the Pester suite (tests/LibvirtPS.Tests/*.Tests.ps1) and writes its counts as JSON.
    Called by build.ps1 Test in a fresh pwsh so the module just built is the one under test.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path (Split-Path $ResultPath) 'test-results/pester.xml'
$result = Invoke-Pester -Configuration $config
# a container that failed to run (e.g. a syntax error) counts as a failure too
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
# the failing tests' names and first error lines, printed again by build.ps1 next to the summary
$failedTests = @($result.Failed | ForEach-Object {
        $message = "$($_.ErrorRecord | Select-Object -First 1)".Trim()
        if ($message.Length -gt 600) { $message = $message.Substring(0, 600) + ' ...' }
        "$($_.ExpandedPath): $message"
    }) + @($result.FailedContainers | ForEach-Object { "container $($_.Item): failed to run" })
[ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount
    FailedTests = $failedTests } | ConvertTo-Json | Set-Content $ResultPath
