@{
    RootModule           = 'ZoneDelegation.dll'
    # Stamped by the build from Directory.Build.props; this value is only the source template's.
    ModuleVersion        = '0.0.0'
    GUID                 = '5f3c2a8e-7d41-4b6a-9e0c-2b8d1f4a6c93'
    Author               = 'ZoneDelegation contributors'
    CompanyName          = 'ZoneDelegation'
    Copyright            = '(c) 2026 ZoneDelegation contributors. MIT License (see LICENSE).'
    Description          = 'Create and audit SmartOS/Triton and illumos zones whose ZFS dataset is delegated safely (Joyent RFD 44), and manage zone boot environments, over the system OpenSSH client.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ZoneDelegation.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-ComputeNode'
        'Disconnect-ComputeNode'
        'Enable-ZoneBootEnvironment'
        'Get-ComputeNodeCapacity'
        'Get-ComputeNodeConnection'
        'Get-DatasetLimit'
        'Get-DelegationPolicy'
        'Get-SafeZone'
        'Get-ZoneBootEnvironment'
        'Get-ZoneSnapshot'
        'New-SafeZone'
        'New-ZoneBootEnvironment'
        'New-ZoneSnapshot'
        'Protect-ZoneBootEnvironment'
        'Remove-ZoneBootEnvironment'
        'Remove-ZoneSnapshot'
        'Repair-SafeZone'
        'Repair-ZoneBootEnvironment'
        'Restore-ZoneSnapshot'
        'Set-DatasetLimit'
        'Set-DelegationPolicy'
        'Test-PlatformSupport'
        'Test-ZoneBootEnvironment'
        'Test-ZoneCompliance'
        'Unprotect-ZoneBootEnvironment'
        'Update-ZoneImage'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('SmartOS', 'Triton', 'illumos', 'ZFS', 'zones', 'vmadm', 'RFD44', 'PSEdition_Core', 'Linux', 'MacOS')
            # No LicenseUri/ProjectUri: the project has no public address yet, and PSResourceGet refuses
            # empty ones. The MIT licence text ships in the module folder (LICENSE).
        }
    }
}
