# Fakes for the engine core's own OS functions (generator/engine/Core.ps1), included in every
# generated module test file after the harness (generator/emit/pester/Harness.ps1). A fake stands
# in only for one of the engine's small functions, never for a built-in cmdlet, and behaves as
# Windows documents; its real body is covered by the per-edition static check (test/pwsh).
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

# Retries wait between attempts; tests never do.
Mock -ModuleName $ModuleName Start-FfSleep { }
