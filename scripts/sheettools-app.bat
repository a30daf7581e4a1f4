@echo off
rem sheettools: nhap dup de mo ban lam viec (sheettools app) trong trinh duyet.
rem Dat tep nay vao thu muc co so chinh (so-chinh.xlsx); neu thu muc co nhieu so,
rem ghi  master = "so-chinh.xlsx"  vao tep sheettools.toml ben canh. Thu muc chua co so chinh:
rem trang dau tien giup tao so chinh tu ke hoach.
rem Double-click: opens the sheettools desk in the browser, for the master in this folder.
chcp 65001 >nul
cd /d "%~dp0"
where py >nul 2>nul
if %errorlevel%==0 (
  py -m sheettools app %*
) else (
  python -m sheettools app %*
)
if errorlevel 1 (
  echo.
  echo Khong mo duoc ban lam viec: xem dong bao loi o tren.
  echo Neu thay "No module named sheettools": cai sheettools bang lenh  py -m pip install .  trong thu muc sheettools.
  echo Neu thay "py" hoac "python" khong nhan ra: cai Python tu python.org, danh dau o "Add python.exe to PATH".
  pause
)
