:ff_delete_files
rem Deletes the files in folder %1 whose names match: %2 is "all", "ext" (extension %3, as ".spl")
rem or "name" (exactly %3). Every file is listed and compared by its long name (dir masks also
rem match 8.3 short names). Only files and file links are listed (/a-D): a folder link is never
rem entered, a file link goes as a link. Names are the user's: they are used only as for-variables
rem (%%F, %%~xF), never %-expanded. FF_LINK=1 (from :ff_delete_files_link) refuses the folder.
if "%FF_LINK%"=="1" goto ff_delete_files_refused
if not exist "%~1\*" goto :eof
call :ff_delete_files_pass "%~1" %2 "%~3" del
set "FF_MATCHED=%FF_N%"
call :ff_delete_files_pass "%~1" %2 "%~3" count
if "%FF_N%"=="0" goto ff_delete_files_clean
rem Whatever still matches is in use or denied: count it and go on.
set /a FF_LOCKED+=FF_N >nul
>>"%FF_LOG%" echo:%DATE% %TIME% %FF_N% of %FF_MATCHED% file(s) could not be deleted in "%~1"
goto :eof
:ff_delete_files_clean
>>"%FF_LOG%" echo:%DATE% %TIME% deleted %FF_MATCHED% file(s) in "%~1"
goto :eof
:ff_delete_files_refused
set /a FF_LOCKED+=1 >nul
>>"%FF_LOG%" echo:%DATE% %TIME% refused "%~1": it is reached through a link, which is not followed
goto :eof

:ff_delete_files_pass
rem Counts the matching files of folder %1 in FF_N, deleting each first when %4 is "del".
set "FF_N=0"
if "%~2"=="all" for /f "eol=| delims=" %%F in ('dir /b /a-D "%~1" 2^>nul') do set /a FF_N+=1 >nul & if "%~4"=="del" del /f /q /a "%~1\%%F" >nul 2>&1
if "%~2"=="ext" for /f "eol=| delims=" %%F in ('dir /b /a-D "%~1" 2^>nul') do if /i "%%~xF"=="%~3" set /a FF_N+=1 >nul & if "%~4"=="del" del /f /q /a "%~1\%%F" >nul 2>&1
if "%~2"=="name" for /f "eol=| delims=" %%F in ('dir /b /a-D "%~1" 2^>nul') do if /i "%%F"=="%~3" set /a FF_N+=1 >nul & if "%~4"=="del" del /f /q /a "%~1\%%F" >nul 2>&1
goto :eof

:ff_delete_files_link
rem Sets FF_LINK=1 when %2 in folder %1 is a link (junction, symbolic link). On wine, dir /aL is
rem not supported and lists nothing (docs/wine-cmd-notes.md): this check needs Windows.
for /f "eol=| delims=" %%L in ('dir /b /aL "%~1" 2^>nul') do if /i "%%L"=="%~2" set "FF_LINK=1"
goto :eof
