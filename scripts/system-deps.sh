#!/usr/bin/env bash
# Install, from Debian's packages, the programs the test suite drives for real:
# LibreOffice Calc (types into and re-saves unit workbooks as a person would; python3-uno lets the
# tests drive it from the system python3), dovecot (an IMAP server) and Chromium (a browser, for
# the web app).
# Does nothing when they are already there; warns (and the tests that need them say why)
# when it cannot install them (not root, no apt).
set -u
need=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
# Writer renders the Word report (sheettools report --pdf, tests/test_report.py)
[ -e /usr/lib/libreoffice/program/libswlo.so ] || dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || need+=(python3-uno)
[ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
# a real browser for the web app's test (driven by Playwright with this executable; the
# project never runs `playwright install`)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: cannot install ${need[*]} (need root and apt-get); tests that use them will fail or skip" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq "${need[@]}" >/dev/null
# dovecot is started by the test fixtures with their own configuration, never as a system service
systemctl disable --now dovecot >/dev/null 2>&1 || true
exit 0
