:ff_program_check
rem Whether a program by root and path may start: %1 is the anchor (%ProgramFiles%), %2 %3 ...
rem the folders below it and the file, one per argument. Every component from the anchor
rem (included) down to the file (included) is checked for the reparse attribute (the "l" in the
rem attributes that the ~a modifier reads: junction, symbolic link, mount point). Exit code 0: found, no link; 1: a link (FF_WALK names
rem it) or a folder where the program should be; 2: the program is not there.
set "FF_WALK=%~1"
call :ff_program_no_link "%FF_WALK%"
if not "%ERRORLEVEL%"=="0" exit /b 1
:ff_program_check_walk
shift
if "%~1"=="" goto ff_program_check_found
set "FF_WALK=%FF_WALK%\%~1"
call :ff_program_no_link "%FF_WALK%"
if not "%ERRORLEVEL%"=="0" exit /b 1
goto ff_program_check_walk
:ff_program_check_found
if not exist "%FF_WALK%" exit /b 2
if exist "%FF_WALK%\*" exit /b 1
exit /b 0

:ff_program_no_link
rem Exit code 1 when %1 is a reparse point, or exists but its attributes cannot be read (refused,
rem as the engine refuses it); 0 when it is no link or does not exist (the ~a modifier reads the
rem entry itself, so a dangling link shows as a link too).
set "FF_PATTR="
for %%P in ("%~1") do set "FF_PATTR=%%~aP"
if not defined FF_PATTR goto ff_program_no_attr
if not "%FF_PATTR:l=%"=="%FF_PATTR%" exit /b 1
exit /b 0
:ff_program_no_attr
if exist "%~1" exit /b 1
exit /b 0
