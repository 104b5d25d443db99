:ff_move_aside
rem Renames %1\%2 to %2.fixforge-N beside it, N one more than the highest earlier copy (a counter:
rem %DATE%/%TIME% depend on the locale), then deletes the lowest-numbered copies beyond %3.
rem FF_LINK=1 (from :ff_move_aside_link) refuses the item. An item that is not there is left alone,
rem so a second run changes nothing.
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
set /a FF_LOCKED+=1 >nul
>>"%FF_LOG%" echo:%DATE% %TIME% refused "%~1\%~2": it is or is reached through a link, which is not followed
goto :eof

:ff_move_aside_scan
rem Counts the earlier copies of %2 in %1 (FF_COUNT) and their lowest and highest numbers
rem (FF_MIN, FF_MAX).
set "FF_COUNT=0"
set "FF_MAX=0"
set "FF_MIN="
for /f "eol=| delims=" %%C in ('dir /b /a "%~1\%~2.fixforge-*" 2^>nul') do call :ff_move_aside_number "%~1" "%~2" "%%C"
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
rem Deletes the earlier copy %1 without following links: a link goes as a link (rmdir for a folder
rem link; del would empty its target), a real folder with rmdir /s (which removes links inside as
rem links), a file with del.
set "FF_ISLINK=0"
for /f "eol=| delims=" %%L in ('dir /b /aL "%~dp1" 2^>nul') do if /i "%%L"=="%~nx1" set "FF_ISLINK=1"
if "%FF_ISLINK%"=="0" goto ff_move_aside_delete_real
if exist "%~1\*" rmdir "%~1" >nul 2>&1
if not exist "%~1\*" del /f /q /a "%~1" >nul 2>&1
goto :eof
:ff_move_aside_delete_real
if exist "%~1\*" rmdir /s /q "%~1" >nul 2>&1
if exist "%~1" if not exist "%~1\*" del /f /q /a "%~1" >nul 2>&1
goto :eof

:ff_move_aside_link
rem Sets FF_LINK=1 when %2 in folder %1 is a link (junction, symbolic link). On wine, dir /aL is
rem not supported and lists nothing (docs/wine-cmd-notes.md): this check needs Windows.
for /f "eol=| delims=" %%L in ('dir /b /aL "%~1" 2^>nul') do if /i "%%L"=="%~2" set "FF_LINK=1"
goto :eof
