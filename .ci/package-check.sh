#!/usr/bin/env bash
# Builds the Debian package and the tarball with CPack, then checks what an analyst would get: the Depends line, the
# installed tree, the binaries running from the unpacked package (dpkg -x, no root needed), the desktop entry,
# AppStream metainfo, MIME type and man pages.
#
# usage: .ci/package-check.sh [BUILD_DIR] [--install]
#   BUILD_DIR  build directory to use (default: build); configured (Ninja, RelWithDebInfo) if it is not yet
#   --install  also `apt-get install` the .deb on this machine, run kvworkbook-cli from PATH, then remove it again
#              (needs root; also enabled by KVW_PACKAGE_INSTALL=1)
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
install_deb="${KVW_PACKAGE_INSTALL:-0}"
for arg in "$@"; do
  case "$arg" in
    --install) install_deb=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) build="$arg" ;;
  esac
done

failures=0
step() { printf '\n== %s  [%ss]\n' "$*" "$SECONDS"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf '   FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
have() { command -v "$1" >/dev/null 2>&1; }

work="$(mktemp -d /tmp/kvw-package-check.XXXXXX)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

step "build ($build)"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
gui=$(sed -n 's/^KVW_BUILD_GUI:BOOL=//p' "$build/CMakeCache.txt")
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
targets=(kvworkbook-cli kvw_manpages)
if [ "$gui" = "ON" ]; then
  targets+=(kvworkbook)
fi
# Only what the package holds: the full build (tests included) is .ci/build.sh's job.
cmake --build "$build" -j2 --target "${targets[@]}"
ok "kvworkbook $version (GUI: $gui)"

step "cpack (DEB, TGZ)"
rm -f "$build"/kvworkbook_*.deb "$build"/kvworkbook-*.tar.gz
(cd "$build" && cpack -G "DEB;TGZ" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$build"/kvworkbook_*.deb)
tgz=$(ls "$build"/kvworkbook-*.tar.gz)
ok "$deb ($(du -h "$deb" | cut -f1))"
ok "$tgz ($(du -h "$tgz" | cut -f1))"

step "control fields"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends | sed 's/^/   /'
depends=$(dpkg-deb --field "$deb" Depends)
# Package names only: "libfoo (>= 1), libbar | libbaz" -> libfoo libbar libbaz
mapfile -t depends_names < <(tr ',|' '\n\n' <<<"$depends" | awk 'NF {print $1}' | sort -u)
depends_on() { printf '%s\n' "${depends_names[@]}" | grep -qxF "$1"; }
required=(libqt6core6 libqt6gui6 libsqlite3-0 libarchive13 libzstd1 libc6 libstdc++6)
if [ "$gui" = "ON" ]; then
  required+=(libqt6widgets6 libqt6charts6 libqt6svg6)
fi
for p in "${required[@]}"; do
  if depends_on "$p"; then ok "Depends on $p"; else fail "Depends lacks $p"; fi
done
# Every dependency must be a package this Debian knows (catches a wrong name in the fixed list); one query for all.
if have apt-cache && ! apt-cache show "${depends_names[@]}" >/dev/null 2>&1; then
  for p in "${depends_names[@]}"; do
    apt-cache show "$p" >/dev/null 2>&1 || fail "Depends names unknown package $p"
  done
fi

step "installed tree (dpkg -x)"
root="$work/root"
dpkg -x "$deb" "$root"
expect=(
  usr/bin/kvworkbook-cli
  usr/share/man/man1/kvworkbook-cli.1.gz
  usr/share/doc/kvworkbook/copyright
  usr/share/doc/kvworkbook/licenses/Qt.txt
  usr/share/doc/kvworkbook/licenses/SQLite.txt
)
if [ "$gui" = "ON" ]; then
  expect+=(
    usr/bin/kvworkbook
    usr/share/man/man1/kvworkbook.1.gz
    usr/share/applications/kvworkbook.desktop
    usr/share/mime/packages/kvworkbook.xml
    usr/share/icons/hicolor/scalable/apps/kvworkbook.svg
    usr/share/icons/hicolor/scalable/mimetypes/application-x-kvworkbook-case.svg
  )
  for s in 16 32 48 64 128 256; do
    expect+=("usr/share/icons/hicolor/${s}x${s}/apps/kvworkbook.png")
  done
fi
for f in "${expect[@]}"; do
  if [ -s "$root/$f" ]; then ok "$f"; else fail "missing $f"; fi
done
if [ "$gui" = "ON" ]; then
  metainfo=$(ls "$root"/usr/share/metainfo/*.metainfo.xml 2>/dev/null | head -n1 || true)
  if [ -n "$metainfo" ]; then ok "usr/share/metainfo/$(basename "$metainfo")"; else fail "no metainfo"; fi
fi
if have file; then
  for s in 16 256; do
    f="$root/usr/share/icons/hicolor/${s}x${s}/apps/kvworkbook.png"
    if file "$f" | grep -q "$s x $s"; then ok "icon ${s}px is ${s}x${s}"; else fail "icon ${s}px has the wrong size"; fi
  done
fi
stray=$(cd "$root" && find . -type f ! -path './usr/bin/*' ! -path './usr/share/*' | head -n5)
if [ -z "$stray" ]; then ok "nothing outside usr/bin and usr/share"; else fail "unexpected files: $stray"; fi

step "binaries from the package"
cli="$root/usr/bin/kvworkbook-cli"
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 TZ=UTC
# Every shared library a binary loads must come from a package the .deb depends on (or from a package that one
# pulls in itself, like libqt6dbus6 through libqt6gui6): checked for the libraries the binaries name directly.
owner_of() { # the package owning a library path; usrmerge means dpkg may know it under /lib or /usr/lib
  local p
  for p in "$1" "${1#/usr}" "/usr$1" "$(readlink -f "$1")"; do
    dpkg -S "$p" 2>/dev/null | head -n1 | cut -d: -f1 && return 0
  done
  return 0
}
for b in "$root"/usr/bin/*; do
  before=$failures
  while read -r soname path; do
    owner=$(owner_of "$path")
    if [ -z "$owner" ]; then
      fail "$(basename "$b") needs $soname, which no installed package owns"
    elif ! depends_on "$owner"; then
      fail "$(basename "$b") needs $soname from $owner, which Depends does not name"
    fi
  done < <(
    needed=$(objdump -p "$b" | awk '$1 == "NEEDED" {print $2}')
    ldd "$b" | awk -v want="$needed" 'BEGIN {n = split(want, w, "\n"); for (i = 1; i <= n; i++) keep[w[i]] = 1}
                                       $2 == "=>" && ($1 in keep) {print $1, $3}'
  )
  if [ "$failures" -eq "$before" ]; then ok "$(basename "$b"): every library it names comes from a package in Depends"; fi
done
for b in "$root"/usr/bin/*; do
  if ldd "$b" | grep -q "not found"; then fail "$(basename "$b") has unresolved libraries"; ldd "$b" | grep "not found" >&2
  else ok "$(basename "$b"): all libraries resolve"; fi
done
out=$("$cli" --version)
printf '%s\n' "$out" | sed 's/^/   | /'
if [ "$(head -n1 <<<"$out")" = "kvworkbook-cli $version" ]; then ok "--version names $version"; else fail "--version"; fi
if [ "$gui" = "ON" ]; then
  # The workbook starts (Qt plugins load) and knows its version; offscreen, so no display is needed.
  if gui_version=$(timeout 30 "$root/usr/bin/kvworkbook" --version 2>/dev/null) && grep -q "$version" <<<"$gui_version"; then
    ok "kvworkbook --version: $(head -n1 <<<"$gui_version")"
  else fail "kvworkbook --version: $gui_version"; fi
fi
help=$("$cli" --help)
if grep -Eq '^  demo ' <<<"$help"; then
  "$cli" demo "$work/demo" >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; fail "demo"; }
  "$cli" ingest --quiet --case "$work/demo.kvwb" "$work/demo" >"$work/ingest.log" 2>&1 \
    || { cat "$work/ingest.log" >&2; fail "ingest of the demo bundle"; }
  events=$("$cli" summary --case "$work/demo.kvwb" --json | grep -o '"events": *[0-9]*' | head -n1 | grep -o '[0-9]*$')
  if [ "${events:-0}" -gt 0 ]; then ok "installed CLI: demo -> ingest -> summary: $events events"
  else fail "summary of the demo case shows no events"; fi
else
  echo "   (no demo verb in this build: skipped the demo run)"
fi

step "metadata"
if [ "$gui" = "ON" ]; then
  if have desktop-file-validate; then
    if desktop-file-validate "$root/usr/share/applications/kvworkbook.desktop" | grep -v '^.*: hint: ' | grep .; then
      fail "desktop-file-validate"
    else ok "desktop-file-validate"; fi
  else echo "   (desktop-file-validate not installed: skipped)"; fi
  if have appstreamcli; then
    if appstreamcli validate --no-net "$metainfo" >"$work/as.log" 2>&1; then ok "appstreamcli validate"
    else cat "$work/as.log" >&2; fail "appstreamcli validate"; fi
  else echo "   (appstreamcli not installed: skipped)"; fi
  if have update-mime-database && [ -d /usr/share/mime/packages ]; then
    # Build a private MIME database from the system's definitions plus ours, and see that *.kvwb maps to our type.
    mkdir -p "$work/mime/packages"
    cp /usr/share/mime/packages/*.xml "$work/mime/packages/"
    cp "$root/usr/share/mime/packages/kvworkbook.xml" "$work/mime/packages/"
    if update-mime-database "$work/mime" 2>"$work/mime.log" && ! grep -qi kvworkbook "$work/mime.log"; then
      if grep -q ':application/x-kvworkbook-case:\*\.kvwb' "$work/mime/globs2"; then ok "MIME: *.kvwb -> application/x-kvworkbook-case"
      else fail "MIME glob missing"; fi
      if grep -q '^application/x-kvworkbook-case application/vnd.sqlite3' "$work/mime/subclasses"; then ok "MIME: subclass of SQLite"
      else fail "MIME subclass missing"; fi
    else cat "$work/mime.log" >&2; fail "update-mime-database"; fi
  fi
fi
if have groff; then
  for m in "$root"/usr/share/man/man1/*.1.gz; do
    if [ -z "$(zcat "$m" | groff -man -ww -z 2>&1)" ]; then ok "man page $(basename "$m") is clean"
    else fail "groff warnings in $(basename "$m")"; zcat "$m" | groff -man -ww -z >&2 || true; fi
  done
fi

step "tarball"
tar -tzf "$tgz" >"$work/tgz.list"
top=$(head -n1 "$work/tgz.list" | cut -d/ -f1)
for f in bin/kvworkbook-cli share/man/man1/kvworkbook-cli.1.gz share/doc/kvworkbook/copyright; do
  if grep -qx "$top/$f" "$work/tgz.list"; then ok "$top/$f"; else fail "tarball lacks $f"; fi
done
if [ "$gui" = "ON" ]; then
  for f in bin/kvworkbook share/applications/kvworkbook.desktop share/icons/hicolor/48x48/apps/kvworkbook.png; do
    if grep -qx "$top/$f" "$work/tgz.list"; then ok "$top/$f"; else fail "tarball lacks $f"; fi
  done
fi

if [ "$install_deb" = "1" ]; then
  step "apt-get install on this machine"
  if [ "$(id -u)" -ne 0 ]; then
    fail "--install needs root"
  elif dpkg-query -W -f='${Status}' kvworkbook 2>/dev/null | grep -q "install ok installed"; then
    fail "kvworkbook is already installed here: not touching it"
  else
    export DEBIAN_FRONTEND=noninteractive
    # Leave the machine as it was: note the installed packages, and remove afterwards whatever the install added.
    dpkg-query -W -f='${Package}\n' | sort >"$work/before.list"
    if apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >"$work/apt.log" 2>&1; then
      ok "installed"
      if [ "$(command -v kvworkbook-cli)" = /usr/bin/kvworkbook-cli ]; then ok "kvworkbook-cli on PATH"
      else fail "kvworkbook-cli is not /usr/bin/kvworkbook-cli"; fi
      if kvworkbook-cli --version | head -n1 | grep -qx "kvworkbook-cli $version"; then ok "kvworkbook-cli --version"
      else fail "installed --version"; fi
      if [ "$gui" = "ON" ] && [ -f /usr/share/mime/globs2 ]; then
        if grep -q 'application/x-kvworkbook-case:\*\.kvwb' /usr/share/mime/globs2; then ok "system MIME database knows *.kvwb"
        else fail "the MIME trigger did not register *.kvwb"; fi
      fi
      if [ "$gui" = "ON" ] && have update-desktop-database; then
        # The desktop-file-utils trigger maps the MIME type to our entry: what a double click in a file manager uses.
        if grep -q '^application/x-kvworkbook-case=.*kvworkbook.desktop' /usr/share/applications/mimeinfo.cache; then
          ok "mimeinfo.cache: application/x-kvworkbook-case opens with kvworkbook.desktop"
        else fail "the desktop database does not map application/x-kvworkbook-case to kvworkbook.desktop"; fi
      fi
      if have xdg-mime; then
        printf '   xdg-mime default: %s\n' "$(xdg-mime query default application/x-kvworkbook-case || true)"
      fi
    else
      cat "$work/apt.log" >&2
      fail "apt-get install"
    fi
    dpkg-query -W -f='${Package}\n' | sort >"$work/after.list"
    mapfile -t added < <(comm -13 "$work/before.list" "$work/after.list")
    if [ "${#added[@]}" -gt 0 ]; then
      if apt-get remove -y -qq "${added[@]}" >>"$work/apt.log" 2>&1; then ok "removed again: ${added[*]}"
      else fail "apt-get remove ${added[*]}"; fi
    fi
  fi
fi

echo
if [ "$failures" -ne 0 ]; then
  echo "package check: $failures failure(s)" >&2
  exit 1
fi
echo "package check: all good in ${SECONDS}s ($deb, $tgz)"
