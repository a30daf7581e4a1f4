@echo off
rem sheettools: nhap dup de mo ban lam viec (sheettools app) trong trinh duyet.
rem Dat tep nay vao thu muc co so chinh (so-chinh.xlsx); neu thu muc co nhieu so,
rem ghi  master = "so-chinh.xlsx"  vao tep sheettools.toml ben canh.
rem Double-click: opens the sheettools desk in the browser, for the master in this folder.
chcp 65001 >nul
cd /d "%~dp0"
where py >nul 2>nul
if %errorlevel%==0 (
  py -m sheettools app %*
) else (
  python -m sheettools app %*
)
if errorlevel 1 pause
