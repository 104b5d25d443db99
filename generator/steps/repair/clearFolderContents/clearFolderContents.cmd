:ff_clear_folder
rem Deletes what is inside folder %1 and keeps the folder. Links (junctions, symbolic links) go
rem first and only as links: rmdir for directory links (del would empty their target), del for
rem file links. "eol=|" because a name can start with ";" but never contain "|".
rem See docs/wine-cmd-notes.md for why each form was chosen.
if not exist "%~1\*" goto :eof
for /f "eol=| delims=" %%L in ('dir /b /aLD "%~1" 2^>nul') do rmdir "%~1\%%L" >nul 2>&1
for /f "eol=| delims=" %%L in ('dir /b /aL-D "%~1" 2^>nul') do del /f /q /a "%~1\%%L" >nul 2>&1
for /f "eol=| delims=" %%F in ('dir /b /a-D "%~1" 2^>nul') do del /f /q /a "%~1\%%F" >nul 2>&1
for /f "eol=| delims=" %%D in ('dir /b /aD "%~1" 2^>nul') do rmdir /s /q "%~1\%%D" >nul 2>&1
rem Whatever is left is in use or denied: count it and go on.
set "FF_LEFT=0"
for /f "eol=| delims=" %%R in ('dir /b /a "%~1" 2^>nul') do set /a FF_LEFT+=1 >nul
if "%FF_LEFT%"=="0" goto ff_clear_folder_clean
set /a FF_LOCKED+=FF_LEFT >nul
>>"%FF_LOG%" echo:%DATE% %TIME% %FF_LEFT% item(s) could not be deleted in "%~1"
goto :eof
:ff_clear_folder_clean
>>"%FF_LOG%" echo:%DATE% %TIME% emptied "%~1"
goto :eof
