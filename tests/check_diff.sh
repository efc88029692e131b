#!/bin/sh
# hplan diff: the changes from Norrmalm 2017 to 2018, and between two
# versions of a test plan that change every kind of thing, against
# hand-checked expected outputs (tests/diff/); the appendix in PDF, in plain
# words; no changes between a plan and its own archival XML.
# Usage: check_diff.sh HPLAN SOURCE_DIR
set -u
hplan=$1
cd "$2" || exit 1
. "$(dirname "$0")/lib.sh"
"$hplan" diff input/norrmalm-2017.yaml input/norrmalm-2018.yaml >"$tmp/out" ||
	status=1
diff -u tests/diff/norrmalm-2017-2018.out "$tmp/out" || {
	echo "FAIL: the diff differs from tests/diff/norrmalm-2017-2018.out"
	status=1
}
(cd tests/diff && "$hplan" diff version-1.yaml version-2.yaml) \
    >"$tmp/versions" || status=1
diff -u tests/diff/version-1-2.out "$tmp/versions" || {
	echo "FAIL: the diff differs from tests/diff/version-1-2.out"
	status=1
}
# The same as an appendix in PDF.
"$hplan" diff input/norrmalm-2017.yaml input/norrmalm-2018.yaml \
    --pdf "$tmp/changes.pdf" >/dev/null || status=1
pdftotext "$tmp/changes.pdf" "$tmp/changes.txt" || status=1
# Its pages are numbered on their own: "1 (N)" of its N pages.
pages=$(pdfinfo "$tmp/changes.pdf" | awk '/^Pages:/ { print $2 }')
# Actions by their words, not their ids; fields by their columns' headings;
# the old wording before the new.
for want in "Ändringar jämfört med version 1 (september 2017)" \
    "Ny åtgärd: ”Stärka det preventiva arbetet i riskmiljön Klara genom …”" \
    "Ändrad åtgärd: ”Samverkansöverenskommelsen med polisen”" \
    "Ansvarig ändras från ”Mottagningsgruppen, vuxenenheten” till" \
    "Status fylls i: ”Klar/pågår / Fortsätter 2018”." "1 ($pages)"; do
	grep -qF "$want" "$tmp/changes.txt" || {
		echo "FAIL: the appendix lacks '$want'"
		status=1
	}
done
"$hplan" -T xml input/socialnamnden-2020.yaml >"$tmp/plan.xml"
"$hplan" diff input/socialnamnden-2020.yaml "$tmp/plan.xml" >"$tmp/same"
grep -q "^Inga ändringar.$" "$tmp/same" || {
	echo "FAIL: a plan and its own XML differ: $(cat "$tmp/same")"
	status=1
}
"$hplan" diff input/norrmalm-2017.yaml >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: diff with one plan is not a usage error"; status=1; }
# A figure reads as what it shows: its caption or alt changed is a change,
# written as the figure's sentence.
cp -R input/bilder "$tmp/"
sed 's/bildtext: Preventionstjärnan/bildtext: Stjärnan/' \
    input/socialnamnden-2020.yaml >"$tmp/fig.yaml"
"$hplan" diff input/socialnamnden-2020.yaml "$tmp/fig.yaml" >"$tmp/fig"
grep -A1 "^      - Tidigare lydelse: Bildtext: Preventionstjärnan.$" "$tmp/fig" |
    grep -q "^      + Ny lydelse: Bildtext: Stjärnan.$" || {
	echo "FAIL: a figure's new caption is not in the diff: $(cat "$tmp/fig")"
	status=1
}
grep -q "samordningsgrupp" "$tmp/changes.txt" &&
	{ echo "FAIL: the appendix names an action by its id"; status=1; }
(cd tests/diff && "$hplan" diff version-1.yaml version-2.yaml \
    --pdf "$tmp/versions.pdf") >/dev/null || status=1
pdftotext "$tmp/versions.pdf" - | tr '\n' ' ' | tr -s ' ' >"$tmp/versions.txt"
for want in "Ändringar jämfört med version 1 (antagen av Testnämnden den 14 juni 2023 § 7, protokoll 2023:5)" \
    "Tidplan ”Hösten 2023” tas bort." "Beslut: version 2 är ännu inte antagen."; do
	grep -qF "$want" "$tmp/versions.txt" || {
		echo "FAIL: the appendix lacks '$want'"
		status=1
	}
done
exit $status
