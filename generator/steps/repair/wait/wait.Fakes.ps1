# Fakes for repair.wait's OS function (Start-FfWait in wait.ps1), included in a generated module
# test file when the module carries wait.ps1.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

# No test sleeps; a case that counts the pauses mocks it again.
Mock -ModuleName $ModuleName Start-FfWait { }
