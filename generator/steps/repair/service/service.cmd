:ff_service_stop
rem Stops service %1 and waits up to %2 seconds. %3 1: stop the services that depend on it first
rem (net stop /y). %4 1: when it hangs, end its process, found by the PID sc reports, and only
rem when that process runs this service alone. Exit 0 once stopped (or not installed), else 1.
call :ff_service_query "%~1"
if "%FF_SVC_STATE%"=="none" goto ff_service_stop_absent
if "%FF_SVC_STATE%"=="1" goto ff_service_stop_already
if "%~3"=="1" "%SystemRoot%\System32\net.exe" stop "%~1" /y >>"%FF_LOG%" 2>&1
if not "%~3"=="1" "%SystemRoot%\System32\sc.exe" stop "%~1" >>"%FF_LOG%" 2>&1
call :ff_service_wait "%~1" 1 %2
if "%FF_SVC_STATE%"=="1" goto ff_service_stop_done
if "%FF_SVC_STATE%"=="none" goto ff_service_stop_done
if not "%~4"=="1" goto ff_service_stop_failed
if not "%FF_SVC_OWN%"=="1" goto ff_service_stop_shared
if "%FF_SVC_PID%"=="" goto ff_service_stop_failed
if "%FF_SVC_PID%"=="0" goto ff_service_stop_failed
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" hangs: ending its process %FF_SVC_PID%
"%SystemRoot%\System32\taskkill.exe" /F /PID %FF_SVC_PID% >>"%FF_LOG%" 2>&1
call :ff_service_wait "%~1" 1 %2
if "%FF_SVC_STATE%"=="1" goto ff_service_stop_done
if "%FF_SVC_STATE%"=="none" goto ff_service_stop_done
goto ff_service_stop_failed
:ff_service_stop_shared
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" hangs, but its process may run other services: not ended
:ff_service_stop_failed
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" did not stop within %~2 s (state %FF_SVC_STATE%)
set "FF_RESULT=1"
exit /b 1
:ff_service_stop_absent
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" is not installed: nothing to stop
exit /b 0
:ff_service_stop_already
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" is already stopped
exit /b 0
:ff_service_stop_done
>>"%FF_LOG%" echo:%DATE% %TIME% stopped "%~1" (it was running)
exit /b 0

:ff_service_start
rem Starts service %1 and waits up to %2 seconds until it runs. Exit 0 once running, else 1.
call :ff_service_query "%~1"
if "%FF_SVC_STATE%"=="none" goto ff_service_start_failed
if "%FF_SVC_STATE%"=="4" goto ff_service_start_already
"%SystemRoot%\System32\sc.exe" start "%~1" >>"%FF_LOG%" 2>&1
call :ff_service_wait "%~1" 4 %2
if "%FF_SVC_STATE%"=="4" goto ff_service_start_done
:ff_service_start_failed
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" did not start within %~2 s (state %FF_SVC_STATE%)
set "FF_RESULT=1"
exit /b 1
:ff_service_start_already
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1" is already running
exit /b 0
:ff_service_start_done
>>"%FF_LOG%" echo:%DATE% %TIME% started "%~1"
exit /b 0

:ff_service_start_type
rem Sets the start type of service %1 to %2 (sc's words: auto, delayed-auto, demand, disabled).
rem The start type before is logged first, so that the change can be undone.
set "FF_SVC_WAS=unknown"
"%SystemRoot%\System32\sc.exe" qc "%~1" >"%FF_TMP%\sc.txt" 2>nul
for /f "usebackq tokens=1,2,*" %%A in ("%FF_TMP%\sc.txt") do if /i "%%A"=="START_TYPE" set "FF_SVC_WAS=%%C"
>>"%FF_LOG%" echo:%DATE% %TIME% start type of "%~1" was: %FF_SVC_WAS%
"%SystemRoot%\System32\sc.exe" config "%~1" start= %2 >>"%FF_LOG%" 2>&1
set "FF_RC=%ERRORLEVEL%"
if not "%FF_RC%"=="0" goto ff_service_start_type_failed
>>"%FF_LOG%" echo:%DATE% %TIME% start type of "%~1" set to %~2
exit /b 0
:ff_service_start_type_failed
>>"%FF_LOG%" echo:%DATE% %TIME% sc config "%~1" start= %~2 failed with exit code %FF_RC%
set "FF_RESULT=1"
exit /b 1

:ff_service_wait
rem Polls service %1 once a second until its state number is %2, for at most %3 seconds; a
rem ping of 127.0.0.1 is the one-second wait that every Windows has.
set "FF_SVC_LEFT=%~3"
:ff_service_wait_poll
call :ff_service_query "%~1"
if "%FF_SVC_STATE%"=="%~2" goto :eof
if "%FF_SVC_STATE%"=="none" goto :eof
if %FF_SVC_LEFT% LEQ 0 goto :eof
set /a FF_SVC_LEFT-=1 >nul
"%SystemRoot%\System32\PING.EXE" -n 2 127.0.0.1 >nul 2>&1
goto ff_service_wait_poll

:ff_service_query
rem What "sc queryex" reports for service %1: FF_SVC_STATE, the state number (1 stopped, 2 start
rem pending, 3 stop pending, 4 running, 5 continue pending, 6 pause pending, 7 paused; "none"
rem when not installed), FF_SVC_PID and FF_SVC_OWN (1: a process of its own). sc writes these
rem labels in English whatever the language of Windows. sc writes into a file in the trusted
rem folder, read with usebackq: "for /f" over a command would start a child cmd (AutoRun).
set "FF_SVC_STATE=none"
set "FF_SVC_PID="
set "FF_SVC_OWN=0"
"%SystemRoot%\System32\sc.exe" queryex "%~1" >"%FF_TMP%\sc.txt" 2>nul
for /f "usebackq tokens=1,3,4" %%A in ("%FF_TMP%\sc.txt") do call :ff_service_field "%%A" "%%B" "%%C"
goto :eof

:ff_service_field
if /i "%~1"=="STATE" set "FF_SVC_STATE=%~2"
if /i "%~1"=="PID" set "FF_SVC_PID=%~2"
if /i "%~1"=="TYPE" if /i "%~3"=="WIN32_OWN_PROCESS" set "FF_SVC_OWN=1"
goto :eof
