#!/bin/sh
# hplan installs like a Debian program: the package cpack makes names the
# packages hplan needs, installs with dpkg, and the installed hplan works
# from a directory outside the checkout, with its data, its Swedish
# messages and its schema from /usr/share; the package is removed again.
# Needs root (CI runs as root); exit status 77 (skipped) without.
# Usage: check_install.sh BUILD_DIR
set -u
build=$1
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "skipped: installing a package needs root"; exit 77; }
if dpkg -s hplan >/dev/null 2>&1; then
	echo "skipped: an hplan package is installed already"
	exit 77
fi

(cd "$build" && cpack -G DEB -B "$tmp/pkg") >"$tmp/cpack" 2>&1 ||
	fail "cpack: $(tail -3 "$tmp/cpack")"
deb=$(ls "$tmp"/pkg/hplan_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { fail "no package was made"; exit $status; }
dpkg-deb -I "$deb" >"$tmp/info"
for dep in libpango-1.0-0 libcairo2 libyaml-0-2 libxml2 librsvg2-2 \
    hyphen-sv hunspell-sv-se icc-profiles-free; do
	contains "$tmp/info" "$dep"
done
dpkg -i "$deb" >"$tmp/dpkg" 2>&1 || fail "dpkg -i: $(tail -3 "$tmp/dpkg")"

mkdir "$tmp/work"
cd "$tmp/work" || exit 1
installed() {
	env -u HPLAN_DATA_DIR -u HPLAN_LOCALE_DIR -u LC_ALL -u LANGUAGE "$@"
}
expect 0 installed LANG=C.UTF-8 /usr/bin/hplan new --nämnd Spånga-Tensta \
    --typ stadsdelsnämnd --år 2028 -o plan.yaml
head -1 plan.yaml | grep -qx \
    '# yaml-language-server: $schema=/usr/share/hplan/input/schema/handlingsplan.schema.json' ||
	fail "the skeleton's schema is not the installed one: $(head -1 plan.yaml)"
# Unfinished, with its FYLL I: a draft.
expect 1 installed LANG=C.UTF-8 /usr/bin/hplan check plan.yaml
contains "$tmp/out" "[plan-fyll-i]"
expect 0 installed LANG=C.UTF-8 /usr/bin/hplan render plan.yaml -o out
[ -f out/plan.pdf ] && pdftotext out/plan.pdf - | grep -q UTKAST ||
	fail "the installed hplan did not render the draft"
# The bundled example, from /usr/share/hplan.
expect 0 installed LANG=C.UTF-8 /usr/bin/hplan
[ -f output/norrmalm-2017.pdf ] || fail "the installed example was not rendered"
expect 0 installed LANG=sv_SE.UTF-8 /usr/bin/hplan --help
contains "$tmp/out" "Användning: hplan"
[ -f /usr/share/man/sv/man1/hplan.1 ] || fail "no Swedish manual"

cd / && dpkg -r hplan >"$tmp/dpkg" 2>&1 || fail "dpkg -r: $(tail -3 "$tmp/dpkg")"
exit $status
