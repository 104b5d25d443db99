:ff_delete_files
rem Deletes the files in folder %1 whose names match: %2 is "all", "ext" (extension %3, as ".spl")
rem or "name" (exactly %3). Every entry is listed (dir into a file in the trusted folder, read
rem with usebackq: no child cmd, so no AutoRun) and compared by its long name (dir masks also match
rem 8.3 short names). Only a plain file is deleted: a folder, a link of any kind, an entry whose
rem attributes cannot be read and a name dir could not spell ("?") are left alone and logged as
rem what they are. Names are the user's: they are only ever expanded inside quotes.
rem FF_LINK=1 (from :ff_delete_files_link) refuses the folder: a failure (exit code 1).
if "%FF_LINK%"=="1" goto ff_delete_files_refused
if not exist "%~1\*" goto :eof
set "FF_DIR=%~1"
set "FF_MODE=%~2"
set "FF_WANT=%~3"
set "FF_N=0"
set "FF_ODD=0"
set "FF_OTHER=0"
dir /b /a-D "%FF_DIR%" >"%FF_TMP%\list.txt" 2>nul
for /f "usebackq eol=| delims=" %%F in ("%FF_TMP%\list.txt") do (
set "FF_NAME=%%F"
set "FF_X=%%~xF"
call :ff_delete_files_one del
)
set "FF_MATCHED=%FF_N%"
set "FF_N=0"
set "FF_ODD=0"
set "FF_OTHER=0"
dir /b /a-D "%FF_DIR%" >"%FF_TMP%\list.txt" 2>nul
for /f "usebackq eol=| delims=" %%F in ("%FF_TMP%\list.txt") do (
set "FF_NAME=%%F"
set "FF_X=%%~xF"
call :ff_delete_files_one count
)
set /a FF_LEFT=FF_N-FF_ODD-FF_OTHER >nul
rem No "(" in a line after "if": wine's cmd takes it for a block.
if not "%FF_ODD%"=="0" >>"%FF_LOG%" echo:%DATE% %TIME% %FF_ODD% matching name/s in "%FF_DIR%" have letters outside the console code page: batch cannot name them, left alone; the PowerShell module can
if not "%FF_OTHER%"=="0" >>"%FF_LOG%" echo:%DATE% %TIME% %FF_OTHER% matching entries in "%FF_DIR%" are links or unreadable: left alone
set /a FF_LOCKED+=FF_N >nul
if "%FF_N%"=="0" goto ff_delete_files_clean
if "%FF_LEFT%"=="0" goto :eof
>>"%FF_LOG%" echo:%DATE% %TIME% %FF_LEFT% of %FF_MATCHED% file(s) could not be deleted in "%FF_DIR%" (in use or denied)
goto :eof
:ff_delete_files_clean
>>"%FF_LOG%" echo:%DATE% %TIME% deleted %FF_MATCHED% file(s) in "%FF_DIR%"
goto :eof
:ff_delete_files_refused
set "FF_RESULT=1"
>>"%FF_LOG%" echo:%DATE% %TIME% refused "%~1": it is reached through a link (or a folder whose attributes cannot be read), which is not followed
goto :eof

:ff_delete_files_one
rem Entry FF_NAME of FF_DIR: counted in FF_N when it matches; deleted first when %1 is "del" and
rem it is a plain file; FF_ODD and FF_OTHER count the matching ones batch must leave alone.
rem One "if /i" per line: wine's cmd rejects "if ... if /i" (the form runs alike on both).
if "%FF_MODE%"=="ext" goto ff_delete_files_ext
if "%FF_MODE%"=="name" goto ff_delete_files_name
goto ff_delete_files_match
:ff_delete_files_ext
if /i not "%FF_X%"=="%FF_WANT%" goto :eof
goto ff_delete_files_match
:ff_delete_files_name
if /i not "%FF_NAME%"=="%FF_WANT%" goto :eof
:ff_delete_files_match
set /a FF_N+=1 >nul
call :ff_entry_kind
if "%FF_KIND%"=="odd" set /a FF_ODD+=1 >nul
if not "%FF_KIND%"=="odd" if not "%FF_KIND%"=="file" set /a FF_OTHER+=1 >nul
if not "%~1"=="del" goto :eof
if "%FF_KIND%"=="file" del /f /q /a "%FF_DIR%\%FF_NAME%" >nul 2>&1
goto :eof

:ff_delete_files_link
rem Sets FF_LINK=1 when %1 is a link (junction, symbolic link, mount point), or exists but its
rem attributes cannot be read: never guessed safe. Nothing when it is absent.
set "FF_A="
for %%P in ("%~1") do set "FF_A=%%~aP"
if not defined FF_A if exist "%~1" set "FF_LINK=1"
if not defined FF_A goto :eof
if not "%FF_A:l=%"=="%FF_A%" set "FF_LINK=1"
goto :eof
