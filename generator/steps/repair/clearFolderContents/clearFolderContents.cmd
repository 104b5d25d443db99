:ff_clear_folder
rem Deletes what is inside a folder and keeps the folder. %1 is the anchor (%SystemRoot%,
rem %USERPROFILE%, %ProgramData%), %2 %3 ... the folders below it, one per argument (the
rem generator splits them: "for /f" over a string with "(" or ")" in it is not reliable). First
rem every component from the anchor (included) down to the folder (included) is checked: one with
rem the reparse attribute (the "l" in %~a: junction, symbolic link, mount point) and the folder is
rem refused, nothing deleted, the script fails. Inside, links (junctions, symbolic links) go first
rem and only as links: rmdir for directory links (del would empty their target), del for file
rem links. "eol=|" because a name can start with ";" but never contain "|".
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
set "FF_TARGET=%FF_WALK%"
if not exist "%FF_TARGET%\*" goto :eof
for /f "eol=| delims=" %%L in ('dir /b /aLD "%FF_TARGET%" 2^>nul') do rmdir "%FF_TARGET%\%%L" >nul 2>&1
for /f "eol=| delims=" %%L in ('dir /b /aL-D "%FF_TARGET%" 2^>nul') do del /f /q /a "%FF_TARGET%\%%L" >nul 2>&1
for /f "eol=| delims=" %%F in ('dir /b /a-D "%FF_TARGET%" 2^>nul') do del /f /q /a "%FF_TARGET%\%%F" >nul 2>&1
for /f "eol=| delims=" %%D in ('dir /b /aD "%FF_TARGET%" 2^>nul') do rmdir /s /q "%FF_TARGET%\%%D" >nul 2>&1
rem Whatever is left is in use or denied: count it and go on.
set "FF_LEFT=0"
for /f "eol=| delims=" %%R in ('dir /b /a "%FF_TARGET%" 2^>nul') do set /a FF_LEFT+=1 >nul
if "%FF_LEFT%"=="0" goto ff_clear_folder_clean
set /a FF_LOCKED+=FF_LEFT >nul
>>"%FF_LOG%" echo:%DATE% %TIME% %FF_LEFT% item(s) could not be deleted in "%FF_TARGET%"
goto :eof
:ff_clear_folder_clean
>>"%FF_LOG%" echo:%DATE% %TIME% emptied "%FF_TARGET%"
goto :eof
:ff_clear_folder_refused
rem A refused folder is a failure of the script, never "some items were in use".
set /a FF_REFUSED+=1 >nul
set "FF_RESULT=1"
>>"%FF_LOG%" echo:%DATE% %TIME% refused: "%FF_WALK%" is a link (junction, symbolic link or mount point); nothing below it deleted
goto :eof

:ff_no_link
rem Exit code 1 when %1 is a reparse point, 0 when it is not or does not exist. %~a reads the
rem entry itself (FindFirstFile), so a dangling link shows as a link too.
set "FF_ATTR=-"
for %%P in ("%~1") do set "FF_ATTR=-%%~aP"
call :ff_link_attr "%FF_ATTR%"
if not "%ERRORLEVEL%"=="0" exit /b 1
exit /b 0

:ff_link_attr
rem Exit code 1 when attribute string %1 (as %~a prints it, e.g. d-------l) has the reparse flag.
rem No other attribute letter is an "l"; the replacement is case-insensitive, which is fine.
set "FF_A=-%~1"
if not "%FF_A:l=%"=="%FF_A%" exit /b 1
exit /b 0
