# Fakes for repair.registryValue's OS functions (registryValue.ps1), included in a generated module
# test file when the module carries it. They write to the in-memory registry of the reader's fakes
# (detection/registryValue/registryValue.Fakes.ps1, included before this file).
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

Mock -ModuleName $ModuleName Set-FfRegistryValue { Set-FakeRegistryValue -Store (Get-FakeRegistryStore -Root $Root) -Key $Key -Name $Name -Type $Type -Data $Data }
Mock -ModuleName $ModuleName Remove-FfRegistryValue { Set-FakeRegistryValue -Store (Get-FakeRegistryStore -Root $Root) -Key $Key -Name $Name -Absent }
