:ff_move_aside
rem Renames %1\%2 to %2.fixforge-N beside it, N one more than the highest earlier copy (a counter:
rem %DATE%/%TIME% depend on the locale), then deletes the lowest-numbered copies beyond %3.
rem FF_LINK=1 (from :ff_move_aside_link) refuses the item: a failure (exit code 1). An item that is
rem not there is left alone, so a second run changes nothing.
if "%FF_LINK%"=="1" goto ff_move_aside_refused
if not exist "%~1\%~2" goto :eof
call :ff_move_aside_scan "%~1" "%~2"
set /a FF_NEXT=FF_MAX+1 >nul
ren "%~1\%~2" "%~2.fixforge-%FF_NEXT%" >nul 2>&1
if exist "%~1\%~2" goto ff_move_aside_locked
>>"%FF_LOG%" echo:%DATE% %TIME% moved "%~1\%~2" to "%~2.fixforge-%FF_NEXT%"
:ff_move_aside_prune
call :ff_move_aside_scan "%~1" "%~2"
if %FF_COUNT% LEQ %~3 goto :eof
call :ff_move_aside_delete "%~1\%~2.fixforge-%FF_MIN%"
if exist "%~1\%~2.fixforge-%FF_MIN%" goto ff_move_aside_prune_failed
>>"%FF_LOG%" echo:%DATE% %TIME% deleted the earlier copy "%~1\%~2.fixforge-%FF_MIN%"
goto ff_move_aside_prune
:ff_move_aside_prune_failed
set /a FF_LOCKED+=1 >nul
>>"%FF_LOG%" echo:%DATE% %TIME% the earlier copy "%~1\%~2.fixforge-%FF_MIN%" could not be deleted (in use or denied)
goto :eof
:ff_move_aside_locked
set /a FF_LOCKED+=1 >nul
>>"%FF_LOG%" echo:%DATE% %TIME% "%~1\%~2" could not be moved aside (in use or denied)
goto :eof
:ff_move_aside_refused
set "FF_RESULT=1"
>>"%FF_LOG%" echo:%DATE% %TIME% refused "%~1\%~2": it is or is reached through a link, which is not followed
goto :eof

:ff_move_aside_scan
rem Counts the earlier copies of %2 in %1 (FF_COUNT) and their lowest and highest numbers
rem (FF_MIN, FF_MAX).
set "FF_COUNT=0"
set "FF_MAX=0"
set "FF_MIN="
rem The listing goes into a file in the trusted folder (no child cmd, so no AutoRun).
dir /b /a "%~1\%~2.fixforge-*" >"%FF_TMP%\list.txt" 2>nul
for /f "usebackq eol=| delims=" %%C in ("%FF_TMP%\list.txt") do call :ff_move_aside_number "%~1" "%~2" "%%C"
goto :eof

:ff_move_aside_number
rem Entry %3 of folder %1 is an earlier copy of %2 when it is exactly "%2.fixforge-N", N a plain
rem decimal below 1000000000 (no sign, no leading zero: set /a must give back the same text), as
rem the PowerShell engine decides too. Names are the user's: they are only ever expanded inside
rem quotes, and N only once it is a number. CALL changes a name with % or ^ in it: the exist check
rem drops it unless it now names another copy, which then counts twice (an earlier copy goes one
rem run sooner); nothing but "%2.fixforge-<number>" is ever touched.
set "FF_C=%~3"
set "FF_S=%FF_C:*.fixforge-=%"
if not defined FF_S goto :eof
if /i not "%~2.fixforge-%FF_S%"=="%FF_C%" goto :eof
if not exist "%~1\%FF_C%" goto :eof
set "FF_V="
set /a FF_V=FF_S >nul 2>&1
if not "%FF_V%"=="%FF_S%" goto :eof
if %FF_V% GEQ 1000000000 goto :eof
set /a FF_COUNT+=1 >nul
if %FF_V% GTR %FF_MAX% set "FF_MAX=%FF_V%"
if not defined FF_MIN set "FF_MIN=%FF_V%"
if %FF_V% LSS %FF_MIN% set "FF_MIN=%FF_V%"
goto :eof

:ff_move_aside_delete
rem Deletes the earlier copy %1 without following links: a folder link goes as a link (rmdir: del
rem would empty its target), a real folder with rmdir /s (which removes links inside as links), a
rem plain file with del. A file link, or an entry whose attributes cannot be read, is left alone.
set "FF_DIR=%~dp1"
set "FF_NAME=%~nx1"
set "FF_DIR=%FF_DIR:~0,-1%"
call :ff_entry_kind
if "%FF_KIND%"=="dirlink" rmdir "%FF_DIR%\%FF_NAME%" >nul 2>&1
if "%FF_KIND%"=="dir" rmdir /s /q "%FF_DIR%\%FF_NAME%" >nul 2>&1
if "%FF_KIND%"=="file" del /f /q /a "%FF_DIR%\%FF_NAME%" >nul 2>&1
goto :eof

:ff_move_aside_link
rem Sets FF_LINK=1 when %1 is a link (junction, symbolic link, mount point), or exists but its
rem attributes cannot be read: never guessed safe. Nothing when it is absent.
set "FF_A="
for %%P in ("%~1") do set "FF_A=%%~aP"
if not defined FF_A if exist "%~1" set "FF_LINK=1"
if not defined FF_A goto :eof
if not "%FF_A:l=%"=="%FF_A%" set "FF_LINK=1"
goto :eof
