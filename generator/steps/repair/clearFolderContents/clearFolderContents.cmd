:ff_clear_folder
rem Deletes what is inside a folder and keeps the folder. %1 is the anchor (%SystemRoot%,
rem %USERPROFILE%, %ProgramData%), %2 %3 ... the folders below it, one per argument (the
rem generator splits them: "for /f" over a string with "(" or ")" in it is not reliable). First
rem every component from the anchor (included) down to the folder (included) is checked: one with
rem the reparse attribute (the "l" of the ~a modifier: junction, symbolic link, mount point) and the folder is
rem refused, nothing deleted, the script fails. Inside, every entry is looked at on its own
rem (:ff_entry_kind): folder links go only as links (rmdir: del would empty their target), plain
rem files with del, real folders with rmdir /s; file links, unreadable entries and names dir
rem cannot spell stay and are counted. "eol=|" because a name can start with ";" but never "|".
rem See docs/wine-cmd-notes.md for why each form.
set "FF_WALK=%~1"
call :ff_no_link "%FF_WALK%"
if not "%ERRORLEVEL%"=="0" goto ff_clear_folder_refused
:ff_clear_folder_walk
shift
if "%~1"=="" goto ff_clear_folder_safe
set "FF_WALK=%FF_WALK%\%~1"
call :ff_no_link "%FF_WALK%"
if not "%ERRORLEVEL%"=="0" goto ff_clear_folder_refused
goto ff_clear_folder_walk
:ff_clear_folder_safe
set "FF_DIR=%FF_WALK%"
if not exist "%FF_DIR%\*" goto :eof
rem Listings go into a file in the trusted folder, read with usebackq: no child cmd (AutoRun).
dir /b /a "%FF_DIR%" >"%FF_TMP%\list.txt" 2>nul
for /f "usebackq eol=| delims=" %%F in ("%FF_TMP%\list.txt") do (
set "FF_NAME=%%F"
call :ff_clear_folder_one
)
rem Whatever is left is in use or denied, a file link, unreadable or a name batch cannot spell.
set "FF_LEFT=0"
set "FF_ODD=0"
set "FF_OTHER=0"
dir /b /a "%FF_DIR%" >"%FF_TMP%\list.txt" 2>nul
for /f "usebackq eol=| delims=" %%F in ("%FF_TMP%\list.txt") do (
set "FF_NAME=%%F"
call :ff_clear_folder_left
)
if "%FF_LEFT%"=="0" goto ff_clear_folder_clean
set /a FF_LOCKED+=FF_LEFT >nul
rem No "(" in a line after "if": wine's cmd takes it for a block.
if not "%FF_ODD%"=="0" >>"%FF_LOG%" echo:%DATE% %TIME% %FF_ODD% name/s in "%FF_DIR%" have letters outside the console code page: batch cannot name them, left alone; the PowerShell module can
if not "%FF_OTHER%"=="0" >>"%FF_LOG%" echo:%DATE% %TIME% %FF_OTHER% entries in "%FF_DIR%" are file links or unreadable: left alone
>>"%FF_LOG%" echo:%DATE% %TIME% %FF_LEFT% item(s) could not be deleted in "%FF_DIR%"
goto :eof
:ff_clear_folder_clean
>>"%FF_LOG%" echo:%DATE% %TIME% emptied "%FF_DIR%"
goto :eof
:ff_clear_folder_one
rem A folder link goes as a link (rmdir; del would empty its target), a real folder with rmdir /s
rem (which removes links inside as links), a plain file with del; anything else stays.
call :ff_entry_kind
if "%FF_KIND%"=="dirlink" rmdir "%FF_DIR%\%FF_NAME%" >nul 2>&1
if "%FF_KIND%"=="dir" rmdir /s /q "%FF_DIR%\%FF_NAME%" >nul 2>&1
if "%FF_KIND%"=="file" del /f /q /a "%FF_DIR%\%FF_NAME%" >nul 2>&1
goto :eof
:ff_clear_folder_left
set /a FF_LEFT+=1 >nul
call :ff_entry_kind
if "%FF_KIND%"=="odd" set /a FF_ODD+=1 >nul
if "%FF_KIND%"=="none" set /a FF_OTHER+=1 >nul
if "%FF_KIND%"=="filelink" set /a FF_OTHER+=1 >nul
goto :eof
:ff_clear_folder_refused
rem A refused folder is a failure of the script, never "some items were in use".
set /a FF_REFUSED+=1 >nul
set "FF_RESULT=1"
>>"%FF_LOG%" echo:%DATE% %TIME% refused: "%FF_WALK%" is a link (junction, symbolic link or mount point); nothing below it deleted
goto :eof

:ff_no_link
rem Exit code 1 when %1 is a reparse point, or exists but its attributes cannot be read (never
rem guessed safe); 0 when it is neither or does not exist. The ~a modifier reads the entry itself
rem (FindFirstFile), so a dangling link shows as a link too.
set "FF_ATTR="
for %%P in ("%~1") do set "FF_ATTR=%%~aP"
if not defined FF_ATTR if exist "%~1" exit /b 1
if not defined FF_ATTR exit /b 0
call :ff_link_attr "%FF_ATTR%"
if not "%ERRORLEVEL%"=="0" exit /b 1
exit /b 0

:ff_link_attr
rem Exit code 1 when attribute string %1 (as the ~a modifier prints it, e.g. d-------l) has the
rem reparse flag, or is empty (unreadable). No other attribute letter is an "l"; the replacement
rem is case-insensitive, which is fine.
set "FF_A=-%~1"
if "%FF_A%"=="-" exit /b 1
if not "%FF_A:l=%"=="%FF_A%" exit /b 1
exit /b 0
