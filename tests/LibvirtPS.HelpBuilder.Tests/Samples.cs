namespace LibvirtPS.HelpBuilder.Tests;

/// <summary>Small platyPS pages shared by the tests; each exercises one schema feature the writers depend on.</summary>
internal static class Samples
{
    public const string FullPage = """
        ---
        external help file: LibvirtPS.dll-Help.xml
        Module Name: LibvirtPS
        online version: https://example.org/Get-VirtDomain
        schema: 2.0.0
        ---

        # Get-VirtDomain

        ## SYNOPSIS
        Gets libvirt domains.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-VirtDomain [[-Name] <String[]>] [-All] [<CommonParameters>]
        ```

        ### ById
        ```
        Get-VirtDomain -Id <Int32> [-All] [<CommonParameters>]
        ```

        ## DESCRIPTION
        The **Get-VirtDomain** cmdlet gets domains
        from a libvirt connection.

        Use `-All` to include inactive domains.

        ## EXAMPLES

        ### Example 1: Get all domains
        ```powershell
        Get-VirtDomain -All
        ```

        Lists every domain.

        ### Example 2: Get by name
        ```powershell
        Get-VirtDomain -Name web*
        ```

        Wildcards are allowed.

        ```output
        Name  State
        ----  -----
        web1  Running
        ```

        ## PARAMETERS

        ### -Name
        Names of the domains to get.

        ```yaml
        Type: String[]
        Parameter Sets: ByName
        Aliases: DomainName, N

        Required: False
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue, ByPropertyName)
        Accept wildcard characters: True
        ```

        ### -Id
        The domain id.

        ```yaml
        Type: Int32
        Parameter Sets: ById
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -State
        Only domains in this state.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases:
        Accepted values: Running, Paused

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ```yaml
        Type: String
        Parameter Sets: ById
        Aliases:
        Accepted values: Running, Paused

        Required: True
        Position: 1
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -All
        Include inactive domains.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String
        A domain name.

        ## OUTPUTS

        ### LibvirtPS.VirtDomain
        One object per domain.

        ### System.Object

        ## NOTES
        Needs a running libvirtd.

        ## RELATED LINKS

        [Start-VirtDomain](Start-VirtDomain.md)

        [libvirt domains](https://libvirt.org/formatdomain.html)

        about_LibvirtPS
        """;

    /// <summary>Only what the schema requires: name and synopsis.</summary>
    public const string MinimalPage = """
        # Stop-VirtDomain

        ## SYNOPSIS
        Stops a domain.
        """;

    public const string AboutTopic = """
        ---
        title: about_LibvirtPS
        ---
        # about_LibvirtPS

        ## Short description
        Explains how LibvirtPS talks to libvirt.

        ## Long description
        LibvirtPS wraps the libvirt C library. Every cmdlet opens a connection unless one is given, and every connection is closed when the pipeline ends, which keeps sessions short.

        ### Connection URIs

        - `qemu:///system` for the system daemon
        - `qemu:///session` for the user daemon

        ```powershell
        Get-VirtDomain -Uri qemu:///system
        ```

        ## See also
        [Get-VirtDomain](Get-VirtDomain.md)
        """;
}
