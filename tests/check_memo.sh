#!/bin/sh
# A tjänsteutlåtande rendered with the plan it proposes: one set of files
# (the utlåtande's PDF and XML, the plan's as the plan alone gives them,
# the plan's changes as Bilaga 2), one ERMS case under the plan's dnr
# with a record for each, checksummed; written all or none, and a Bilaga 2
# of an earlier render removed once the plan has no earlier version.
# Usage: check_memo.sh HPLAN SOURCE_DIR
set -u
hplan=$1
cd "$2" || exit 1
. "$(dirname "$0")/lib.sh"
# Norrmalm's revised plan, with a dnr, and its first version.
mkdir "$tmp/in"
cp input/norrmalm-2017.yaml "$tmp/in/"
sed 's|^dnr: ""|dnr: "3.1.1-212/2018"|' input/norrmalm-2018.yaml \
    >"$tmp/in/norrmalm-2018.yaml"
cat >"$tmp/in/utlatande.yaml" <<'YAML'
dokument: tjänsteutlåtande
plan: norrmalm-2018.yaml
datum: 2024-04-20
handläggare: {namn: Anna Andersson, telefon: 08-508 00 000}
förslag:
  - Nämnden godkänner handlingsplanen.
sammanfattning: Planen revideras.
bilagor:
  - Lägesbild från polisen
YAML

expect 0 "$hplan" render -q -o "$tmp/set" "$tmp/in/utlatande.yaml"
[ "$(ls "$tmp/set" | tr '\n' ' ')" = "norrmalm-2017.xml norrmalm-2018.erms.xml norrmalm-2018.pdf norrmalm-2018.xml utlatande-bilaga-2.pdf utlatande.erms.xml utlatande.pdf utlatande.xml " ] ||
	fail "other files than the set: $(ls "$tmp/set")"
# Its XML makes the same set again: the plan's XML and the earlier
# version's are read beside it.
expect 0 "$hplan" render -q -o "$tmp/again" "$tmp/set/utlatande.xml"
for f in utlatande.pdf utlatande-bilaga-2.pdf norrmalm-2018.pdf; do
	cmp "$tmp/set/$f" "$tmp/again/$f" ||
		fail "the set's XML did not make the same $f again"
done

# Archival XML whose Bilagor begin with a paragraph, or hold only their
# heading: the plan's attachments get a list of their own, first.
for shape in paragraph heading; do
	if [ $shape = paragraph ]; then
		keep='<p>Lägesbild från polisen</p>'
	else
		keep=
	fi
	awk -v keep="$keep" '/<section id="bilagor">/ { inside = 1 }
	    inside && /<list/ { skip = 1; if (keep != "") print keep }
	    !skip { print } skip && /<\/list>/ { skip = 0; inside = 0 }' \
	    "$tmp/set/utlatande.xml" >"$tmp/set/$shape.xml"
	grep -q '<section id="bilagor">' "$tmp/set/$shape.xml" ||
		fail "$shape: no Bilagor in the XML made"
	expect 0 "$hplan" render -q -o "$tmp/$shape" "$tmp/set/$shape.xml"
	pdftotext "$tmp/$shape/$shape.pdf" - | tr '\n' ' ' >"$tmp/$shape.line"
	contains "$tmp/$shape.line" "1. Norrmalms stadsdelsnämnds handlingsplan mot våldsbejakande extremism, version 2 2. Ändringar jämfört med version 1"
done
erms=$tmp/set/utlatande.erms.xml
xmllint --noout --nonet --schema generator/schemas/ERMS_v3.xsd "$erms" \
    2>"$tmp/xerr" || fail "the ERMS file does not validate: $(cat "$tmp/xerr")"
[ "$(grep -c '<aggregation ' "$erms")" = 1 ] || fail "not one case"
contains "$erms" '<objectId>3.1.1-212/2018</objectId>'
contains "$erms" 'recordType="handlingsplan"'
contains "$erms" 'recordType="tjänsteutlåtande"'
[ "$(grep -c '<record ' "$erms")" = 2 ] || fail "not two records"
for f in utlatande.pdf utlatande.xml utlatande-bilaga-2.pdf \
    norrmalm-2018.pdf norrmalm-2018.xml; do
	sum=$(sha256sum "$tmp/set/$f" | cut -d' ' -f1)
	contains "$erms" "<value>$sum</value>"
done
# The plan is Bilaga 1 and its changes Bilaga 2, before the utlåtande's
# own; the plan's metadata are taken.
pdftotext "$tmp/set/utlatande.pdf" "$tmp/memo.txt" || fail "pdftotext"
contains "$tmp/memo.txt" "Dnr 3.1.1-212/2018"
tr '\n' ' ' <"$tmp/memo.txt" >"$tmp/memo.line"
contains "$tmp/memo.line" "1. Norrmalms stadsdelsnämnds handlingsplan mot våldsbejakande extremism, version 2 2. Ändringar jämfört med version 1 3. Lägesbild från polisen"
pdftotext "$tmp/set/utlatande-bilaga-2.pdf" "$tmp/changes.txt" ||
	fail "pdftotext"
contains "$tmp/changes.txt" "Ändringar jämfört med version 1"
# The plan's files are those the plan alone gives.
expect 0 "$hplan" render -q -o "$tmp/alone" "$tmp/in/norrmalm-2018.yaml"
for f in norrmalm-2018.pdf norrmalm-2018.xml norrmalm-2018.erms.xml; do
	cmp "$tmp/alone/$f" "$tmp/set/$f" || fail "$f differs from the plan's own"
done

# An earlier version named but not there: Bilaga 2 cannot be made, so
# nothing of the set is written, and the set written before stays.
cp -R "$tmp/set" "$tmp/before"
mv "$tmp/in/norrmalm-2017.yaml" "$tmp/in/gone.yaml"
expect 1 "$hplan" render -q -o "$tmp/set" "$tmp/in/utlatande.yaml"
contains "$tmp/err" "cannot read version 1 of the plan"
diff -r "$tmp/before" "$tmp/set" >/dev/null ||
	fail "a failing set changed the set written before"
mv "$tmp/in/gone.yaml" "$tmp/in/norrmalm-2017.yaml"

# Without an earlier version the plan has no Bilaga 2, and the one written
# before goes.
cp "$tmp/in/norrmalm-2018.yaml" "$tmp/revised.yaml"
grep -v '^tidigare_versioner:\|^  - version: 1\|^    datum: 2017-09\|^    fil: ' \
    "$tmp/revised.yaml" >"$tmp/in/norrmalm-2018.yaml"
expect 0 "$hplan" render -q -o "$tmp/set" "$tmp/in/utlatande.yaml"
[ -e "$tmp/set/utlatande-bilaga-2.pdf" ] && fail "a stale Bilaga 2 was left"
pdftotext "$tmp/set/utlatande.pdf" - | tr '\n' ' ' >"$tmp/memo.line"
contains "$tmp/memo.line" "1. Norrmalms stadsdelsnämnds handlingsplan mot våldsbejakande extremism, version 2 2. Lägesbild från polisen"
cp "$tmp/revised.yaml" "$tmp/in/norrmalm-2018.yaml"

# An unfinished utlåtande is a draft; its finished plan is not.
sed 's/Anna Andersson/FYLL I/' "$tmp/in/utlatande.yaml" >"$tmp/in/utkast.yaml"
expect 0 "$hplan" render -q -o "$tmp/draft" "$tmp/in/utkast.yaml"
[ -e "$tmp/draft/utkast.erms.xml" ] && fail "a draft got an ERMS file"
[ -e "$tmp/draft/norrmalm-2018.erms.xml" ] ||
	fail "the finished plan lost its ERMS file"
pdftotext "$tmp/draft/utkast.pdf" - | grep -q UTKAST || fail "no draft mark"
pdftotext "$tmp/draft/norrmalm-2018.pdf" - | grep -q UTKAST &&
	fail "the finished plan is marked as a draft"

# A plan whose files would be the tjänsteutlåtande's: refused by render
# and package, nothing written.
mkdir "$tmp/in/p"
sed 's|^plan: .*|plan: p/same.yaml|' "$tmp/in/utlatande.yaml" \
    >"$tmp/in/same.yaml"
cp "$tmp/in/norrmalm-2018.yaml" "$tmp/in/p/same.yaml"
expect 1 "$hplan" render -q -o "$tmp/clash" "$tmp/in/same.yaml"
contains "$tmp/err" "would both be written as same.pdf"
expect 1 "$hplan" package -o "$tmp/clash-sip" "$tmp/in/same.yaml"
contains "$tmp/err" "would both be written as same.pdf"
sed 's|^plan: .*|plan: same-bilaga-2.yaml|' "$tmp/in/utlatande.yaml" \
    >"$tmp/in/same.yaml"
cp "$tmp/in/norrmalm-2018.yaml" "$tmp/in/same-bilaga-2.yaml"
expect 1 "$hplan" render -q -o "$tmp/clash" "$tmp/in/same.yaml"
contains "$tmp/err" "would both be written as same-bilaga-2.pdf"
[ -e "$tmp/clash" ] || [ -e "$tmp/clash-sip" ] && fail "a clashing set was written"

# A tjänsteutlåtande has no versions of its own to revise or compare.
expect 1 "$hplan" revise "$tmp/in/utlatande.yaml" -o "$tmp/next.yaml"
contains "$tmp/err" "only a plan has versions to be revised"
[ -e "$tmp/next.yaml" ] && fail "a tjänsteutlåtande was revised"
expect 1 "$hplan" diff "$tmp/in/norrmalm-2018.yaml" "$tmp/in/utlatande.yaml"
contains "$tmp/err" "only a plan has versions to be compared"
exit $status
