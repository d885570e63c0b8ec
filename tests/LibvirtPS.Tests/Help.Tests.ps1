# Keeps docs/*.md, the cmdlets' parameters and the built help in sync.
BeforeDiscovery {
    $repo = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$repo/LibvirtPS.psd1" -Force
    $script:cmdlets = @(Get-Command -Module LibvirtPS -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $repo = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$repo/LibvirtPS.psd1" -Force
    # WhatIf and Confirm (ShouldProcess cmdlets) are documented like the cmdlet's own parameters, as platyPS writes them
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters
    function Get-DocParameterName([string] $page) {
        # the "### -Name" headings of the PARAMETERS section
        $inParameters = $false
        foreach ($line in Get-Content $page) {
            if ($line -match '^## ') { $inParameters = $line -match '^## PARAMETERS' }
            elseif ($inParameters -and $line -match '^### -(\w+)') { $Matches[1] }
        }
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $page = Join-Path $repo "docs/$Name.md"
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }
    }

    It 'has a page in docs/' {
        $page | Should -Exist
    }

    It 'documents every parameter' {
        $documented = @(Get-DocParameterName $page)
        foreach ($p in $parameters) { $documented | Should -Contain $p -Because "-$p of $Name needs a '### -$p' entry in docs/$Name.md" }
    }

    It 'documents no parameter the cmdlet lacks' {
        foreach ($d in @(Get-DocParameterName $page)) { $parameters | Should -Contain $d -Because "docs/$Name.md documents -$d" }
    }

    It 'has at least two examples in the page' {
        @(Select-String -Path $page -Pattern '^### Example \d+').Count | Should -BeGreaterOrEqual 2
    }

    It 'Get-Help -Full shows the page from the built module' {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # without MAML, PowerShell makes the synopsis from the syntax line
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name [[]*"
        $help.description | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        ($help | Out-String) | Should -Match 'EXAMPLE'
    }

    It 'Get-Help -Parameter describes each parameter' {
        foreach ($p in $parameters) {
            $ph = Get-Help $Name -Parameter $p
            ($ph.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
    }
}

Describe 'About topics' {
    It 'Get-Help about_LibvirtPS_Uris shows the topic' {
        $text = Get-Help about_LibvirtPS_Uris | Out-String
        $text | Should -Match 'about_LibvirtPS_Uris'
        $text | Should -Match 'TRANSPORTS'
    }
}

Describe 'Module manifest' {
    It 'is valid and exports what the module has' {
        $m = Test-ModuleManifest "$repo/LibvirtPS.psd1"
        $m.CompatiblePSEditions | Should -Contain 'Desktop'
        $m.CompatiblePSEditions | Should -Contain 'Core'
        $m.PowerShellVersion | Should -Be ([version]'5.1')
        @($m.ExportedCmdlets.Keys) | Sort-Object | Should -Be (@(Get-Command -Module LibvirtPS -CommandType Cmdlet).Name | Sort-Object)
    }
}
