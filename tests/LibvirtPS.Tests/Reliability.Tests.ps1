# Reliability (issue 9) through the cmdlets: a private libvirtd SIGKILLed under a live connection is seen dead at once
# (Get-LibvirtConnection: IsAlive False with a CloseReason), a cmdlet on it fails with an error record instead of
# hanging, and a new daemon takes new connections; and Connect-Libvirt with -Credential over a SASL daemon, run with
# -Verbose -Debug and every stream captured, never shows the password. Skipped with the reason when not root or
# libvirtd/saslpasswd2 is missing.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    Import-Module "$PSScriptRoot/TestSasl.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
    $script:saslUnavailable = Get-SaslTestDaemonUnavailableReason
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    Import-Module "$PSScriptRoot/TestSasl.psm1" -Force
    $unavailable = Get-TestDaemonUnavailableReason
    $saslUnavailable = Get-SaslTestDaemonUnavailableReason
}

AfterAll {
    Disconnect-Libvirt -All
}

Describe 'libvirtd killed under a live connection' {
    BeforeAll {
        $daemon = $null
        $state = @{ Second = $null }   # filled by the test; a hashtable so AfterAll sees it
        if (-not $unavailable) { $daemon = Start-TestDaemon }
    }

    AfterAll {
        Disconnect-Libvirt -All
        if ($state.Second) { Stop-TestDaemon $state.Second }
        if ($daemon) {
            # killed by the test (its pid is gone): only its folder is left; stop it by pid only if the test did not get that far
            if (Get-Process -Id $daemon.Pid -ErrorAction SilentlyContinue) { Stop-TestDaemon $daemon }
            else { Remove-Item $daemon.Dir -Recurse -Force -ErrorAction SilentlyContinue }
        }
    }

    BeforeEach {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable; return }
    }

    It 'shows the connection dead within 2 s, fails the next cmdlet with an error record, and reconnects to a new daemon' {
        $c = Connect-Libvirt $daemon.UnixUri
        $c.IsAlive | Should -BeTrue
        @(Get-LibvirtDomain -Connection $c).Name | Should -Contain 'test'

        $sw = [Diagnostics.Stopwatch]::StartNew()
        Stop-Process -Id $daemon.Pid -Force
        $seen = $null
        while ($sw.Elapsed.TotalSeconds -lt 5) {
            $seen = Get-LibvirtConnection | Where-Object { $_.Uri -eq $c.Uri -or [object]::ReferenceEquals($_, $c) } | Select-Object -First 1
            if ($seen -and -not $seen.IsAlive) { break }
            Start-Sleep -Milliseconds 20
        }
        $deadAfter = $sw.Elapsed
        Write-Host "    connection seen dead $([int]$deadAfter.TotalMilliseconds) ms after Stop-Process -Force; CloseReason: $($seen.CloseReason)"
        $seen | Should -Not -BeNullOrEmpty
        $seen.IsAlive | Should -BeFalse
        $seen.CloseReason | Should -Not -BeNullOrEmpty
        $deadAfter.TotalSeconds | Should -BeLessThan 2

        # a cmdlet on the dead connection: an error record, promptly, not a hang
        $sw.Restart()
        $job = Get-LibvirtDomain -Connection $c -ErrorVariable errs -ErrorAction SilentlyContinue
        $sw.Stop()
        Write-Host "    Get-LibvirtDomain on the dead connection returned in $([int]$sw.Elapsed.TotalMilliseconds) ms: $($errs[0].FullyQualifiedErrorId): $($errs[0].Exception.Message)"
        $job | Should -BeNullOrEmpty
        $errs.Count | Should -BeGreaterThan 0
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
        $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        # a call on a connection that broke: ConnectionClosed, category ConnectionError
        $errs[0].FullyQualifiedErrorId | Should -Match '^ConnectionClosed,'
        $errs[0].Exception.Message | Should -Be $seen.CloseReason

        # a new daemon, a new connection
        $state.Second = Start-TestDaemon
        $second = $state.Second
        $n = Connect-Libvirt $second.UnixUri
        $n.IsAlive | Should -BeTrue
        @(Get-LibvirtDomain -Connection $n).Name | Should -Contain 'test'
        Disconnect-Libvirt -Connection $n
    }
}

Describe 'Connect-Libvirt -Credential -Verbose -Debug never shows the password' {
    BeforeAll {
        $saslDaemon = $null
        $user = 'relia'
        $password = 'Rel-Pw-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
        $badPassword = 'Bad-Pw-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
        if (-not $saslUnavailable) { $saslDaemon = Start-SaslTestDaemon -User $user -Password $password }
    }

    AfterAll {
        Disconnect-Libvirt -All
        if ($saslDaemon) { Stop-TestDaemon $saslDaemon }
    }

    BeforeEach {
        if ($saslUnavailable) { Set-ItResult -Skipped -Because $saslUnavailable; return }
    }

    It 'over <Mechanism>, with a bad and then the good password' -ForEach @(@{ Mechanism = 'SCRAM-SHA-256' }, @{ Mechanism = 'PLAIN' }) {
        $uri = "$($saslDaemon.Uri)&auth=sasl.$Mechanism"
        $Error.Clear()
        $bad = New-Object PSCredential $user, (ConvertTo-SecureString $badPassword -AsPlainText -Force)
        $good = New-Object PSCredential $user, (ConvertTo-SecureString $password -AsPlainText -Force)

        $badOut = & { Connect-Libvirt $uri -Credential $bad -Verbose -Debug -ErrorAction Continue } *>&1 | Out-String -Width 4096
        $goodOut = & {
            $c = Connect-Libvirt $uri -Credential $good -Verbose -Debug
            $c
            $c | Get-LibvirtDomain -Verbose -Debug
        } *>&1 | Out-String -Width 4096
        $errorsText = @($Error | ForEach-Object {
                ($_ | Out-String -Width 4096)
                if ($_.Exception) { $_.Exception.ToString(); $_.Exception.Hint }
                if ($_.ErrorDetails) { $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction }
            }) -join "`n"
        $all = $badOut + "`n" + $goodOut + "`n" + $errorsText

        Write-Host "    ${Mechanism}: $($all.Length) characters of output checked ($(@($Error).Count) error records)"
        # it really ran: verbose trace lines, the auth failure, the successful listing
        $badOut | Should -Match 'authentication failed'
        $goodOut | Should -Match 'AUTH_SASL_START|SASL'
        $goodOut | Should -Match '\btest\b'
        @($Error).Count | Should -BeGreaterThan 0

        $b64 = { param($s) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s)) }
        $all.Contains($password) | Should -BeFalse -Because 'the password must not appear in any stream or error'
        $all.Contains($badPassword) | Should -BeFalse -Because 'the wrong password must not appear either'
        $all.Contains((& $b64 $password)) | Should -BeFalse
        $all.Contains((& $b64 $badPassword)) | Should -BeFalse
        Disconnect-Libvirt -All
    }
}
