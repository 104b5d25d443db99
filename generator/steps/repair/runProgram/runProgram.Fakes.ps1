# Fakes for the program runner (Invoke-FfProgram in runProgram.ps1, shared with
# detect.programOutput), included in a generated module test file when the module carries
# runProgram.ps1. A clean machine's programs succeed and print nothing; a case sets its own.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @() } }
