:ff_stop_process
rem Ends every process with image name %1 (taskkill /F /IM, every session) and waits up to %2
rem seconds, once a second, for them to go. Exit 0 once none is left, else 1.
call :ff_process_count "%~1"
if "%FF_PROC_COUNT%"=="0" goto ff_stop_process_none
"%SystemRoot%\System32\taskkill.exe" /F /IM "%~1" >>"%FF_LOG%" 2>&1
set "FF_PROC_LEFT=%~2"
:ff_stop_process_poll
call :ff_process_count "%~1"
if "%FF_PROC_COUNT%"=="0" goto ff_stop_process_done
if %FF_PROC_LEFT% LEQ 0 goto ff_stop_process_failed
set /a FF_PROC_LEFT-=1 >nul
"%SystemRoot%\System32\PING.EXE" -n 2 127.0.0.1 >nul 2>&1
goto ff_stop_process_poll
:ff_stop_process_failed
>>"%FF_LOG%" echo:%DATE% %TIME% %FF_PROC_COUNT% "%~1" process(es) still running after %~2 s
set "FF_RESULT=1"
exit /b 1
:ff_stop_process_none
>>"%FF_LOG%" echo:%DATE% %TIME% no "%~1" process is running
exit /b 0
:ff_stop_process_done
>>"%FF_LOG%" echo:%DATE% %TIME% ended every "%~1" process
exit /b 0

:ff_process_count
rem FF_PROC_COUNT: how many processes tasklist lists with image name %1. CSV lines start with the
rem quoted image name; the "no tasks" line is localized and never does.
set "FF_PROC_COUNT=0"
rem tasklist writes into a file in the trusted folder, read with usebackq (no child cmd: AutoRun).
"%SystemRoot%\System32\tasklist.exe" /FI "IMAGENAME eq %~1" /FO CSV /NH >"%FF_TMP%\tasklist.txt" 2>nul
for /f "usebackq tokens=1 delims=," %%P in ("%FF_TMP%\tasklist.txt") do if /i "%%~P"=="%~1" set /a FF_PROC_COUNT+=1 >nul
goto :eof
