rem The Fix it launcher's logic, included whole into every fix's FixIt.cmd after its header
rem (templates/fixit/FixIt.cmd.hbs), which adds only the fix's texts and its .cmd fallbacks at
rem :ff_fallback. Batch source, so it can be read and checked on its own; no mustaches here.
rem Arguments: /quiet (no questions), /elevated (set by the UAC relaunch).
setlocal EnableExtensions
set "FF_QUIET="
set "FF_ELEVATED="
:ff_args
if "%~1"=="" goto ff_args_done
if /i "%~1"=="/quiet" set "FF_QUIET=-Quiet"
if /i "%~1"=="/elevated" set "FF_ELEVATED=1"
shift
goto ff_args
:ff_args_done

rem The 64-bit PowerShell: Sysnative exists only for a 32-bit cmd.exe on 64-bit Windows.
set "FF_PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
if exist "%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe" set "FF_PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"

rem Elevated? "net session" and "fltmc" both need administrator rights. By full path: a net.bat
rem or fltmc.exe beside a downloaded FixIt.cmd (the current folder) would be found first.
"%SystemRoot%\System32\net.exe" session >nul 2>&1
if not errorlevel 1 goto ff_admin
"%SystemRoot%\System32\fltmc.exe" >nul 2>&1
if not errorlevel 1 goto ff_admin
if defined FF_ELEVATED goto ff_no_admin
if not exist "%FF_PS%" goto ff_no_admin
echo Asking for administrator rights...
set "FF_SELF=%~f0"
set "FF_RELAUNCH=/elevated"
if defined FF_QUIET set "FF_RELAUNCH=/elevated /quiet"
rem Start-Process -Verb RunAs on the .cmd itself runs cmd /C "%%1", whose quote rule strips the
rem quotes of a path with & ( ) @ ^ in it ("kb2328240 (1) & co"). So cmd.exe is started by its
rem full path with /d /c ""<path>" /elevated": cmd strips the outer pair and keeps the inner one
rem ([char]34 is the quote: none may appear inside this -Command). A drive letter mapped only in
rem this session is not there for the elevated token: it becomes its UNC path first.
"%FF_PS%" -NoProfile -ExecutionPolicy Bypass -Command "try { $self = $env:FF_SELF; if ($self -match '^([A-Za-z]):\\') { $disk = Get-WmiObject -Class Win32_LogicalDisk -Filter ('DeviceID=' + [char]39 + $matches[1] + ':' + [char]39) -ErrorAction SilentlyContinue; if ($disk -and $disk.DriveType -eq 4 -and $disk.ProviderName) { $self = $disk.ProviderName + $self.Substring(2) } } } catch { }; $q = [char]34; $arguments = '/d /c ' + $q + $q + $self + $q + ' ' + $env:FF_RELAUNCH + $q; try { $p = Start-Process -FilePath ($env:SystemRoot + '\System32\cmd.exe') -ArgumentList $arguments -Verb RunAs -PassThru -Wait; exit $p.ExitCode } catch { exit 4 }"
endlocal & exit /b %ERRORLEVEL%
:ff_no_admin
echo Administrator rights are needed: right-click FixIt.cmd and choose "Run as administrator".
endlocal & exit /b 4

:ff_admin
if not exist "%FF_PS%" goto ff_fallback
rem Can PowerShell run FixIt.ps1 here? A powershell.exe that AppLocker or SRP blocks never starts
rem (cmd then sets a non-zero exit code); Constrained Language Mode answers 3; an execution policy
rem set by Group Policy overrides -ExecutionPolicy Bypass, and then only a validly signed script
rem runs (never under Restricted). Anything but 0: the .cmd fallback.
set "FF_PS1=%~dp0FixIt.ps1"
"%FF_PS%" -NonInteractive -NoProfile -ExecutionPolicy Bypass -Command "if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') { exit 3 }; $policy = [string](Get-ExecutionPolicy); if ($policy -eq 'Bypass' -or $policy -eq 'Unrestricted') { exit 0 }; if ($policy -ne 'Restricted' -and (Get-AuthenticodeSignature -FilePath $env:FF_PS1).Status -eq 'Valid') { exit 0 }; exit 5"
if not "%ERRORLEVEL%"=="0" goto ff_fallback
"%FF_PS%" -NoProfile -ExecutionPolicy Bypass -File "%FF_PS1%" %FF_QUIET%
set "FF_RC=%ERRORLEVEL%"
rem 3: Constrained Language Mode; 9009: not found; -1073741515/-1073741502: .NET or a DLL missing.
if "%FF_RC%"=="3" goto ff_fallback
if "%FF_RC%"=="9009" goto ff_fallback
if "%FF_RC%"=="-1073741515" goto ff_fallback
if "%FF_RC%"=="-1073741502" goto ff_fallback
rem Keeps the window open for the person who double-clicked it.
if not defined FF_QUIET pause
endlocal & exit /b %FF_RC%
