#!/bin/sh
# Checks one example plan end to end: its document tree against the
# golden dump, its archival XML against the schema, and the round trip
# YAML -> XML -> tree -> XML, which must give the same bytes and tree;
# and the PDF, byte-identical on every run and from the XML.
# Usage: check_example.sh HPLAN SOURCE_DIR NAME
set -u
hplan=$1
cd "$2" || exit 1
name=$3
. "$(dirname "$0")/lib.sh"

"$hplan" -T tree "input/$name.yaml" >"$tmp/tree" || fail "hplan -T tree"
diff -u "tests/golden/$name.tree" "$tmp/tree" ||
	fail "the tree differs from tests/golden/$name.tree"

# A tjänsteutlåtande's XML names its plan's XML beside it, as render
# writes them, and the plan's XML its earlier version's: both are put
# there (and the YAML files, for the tjänsteutlåtande written as YAML).
plan=$(sed -n 's/^plan: *//p' "input/$name.yaml")
plan=${plan%.yaml}
earlier=
if [ -n "$plan" ]; then
	earlier=$(sed -n 's/^    fil: *//p' "input/$plan.yaml" | head -1)
	earlier=${earlier%.yaml}
	for f in $plan $earlier; do
		"$hplan" -T xml "input/$f.yaml" >"$tmp/$f.xml" ||
			fail "hplan -T xml of $f"
	done
	cp input/*.yaml "$tmp/"
fi

"$hplan" -T xml "input/$name.yaml" >"$tmp/a.xml" || fail "hplan -T xml"
xmllint --noout --nonet --schema generator/handlingsplan.xsd "$tmp/a.xml" ||
	fail "the XML does not validate against handlingsplan.xsd"

"$hplan" -T xml "$tmp/a.xml" >"$tmp/b.xml" || fail "reading the XML back"
cmp "$tmp/a.xml" "$tmp/b.xml" || fail "YAML -> XML -> XML is not identical"

"$hplan" -T tree "$tmp/a.xml" >"$tmp/xtree" || fail "hplan -T tree of XML"
# (The XML names a tjänsteutlåtande's plan, and a plan's earlier version,
# by their XML.)
sed 's/ @[0-9:]*$//' "$tmp/tree" >"$tmp/tree.nopos"
sed -e 's/^plan "\(.*\)\.yaml"$/plan "\1.xml"/' \
    -e 's/^  file "\(.*\)\.yaml"$/  file "\1.xml"/' "$tmp/tree.nopos" \
    >"$tmp/tree.asxml"
sed 's/ @[0-9:]*$//' "$tmp/xtree" >"$tmp/xtree.nopos"
diff -u "$tmp/tree.asxml" "$tmp/xtree.nopos" ||
	fail "the tree read from the XML differs from the YAML's"

# The plan written back as YAML reads as the same tree.
# (beside the examples' images, which it names).
cp -R input/bilder "$tmp/"
"$hplan" -T yaml "input/$name.yaml" >"$tmp/again.yaml" || fail "hplan -T yaml"
"$hplan" -T tree "$tmp/again.yaml" | sed 's/ @[0-9:]*$//' >"$tmp/ytree.nopos"
diff -u "$tmp/tree.nopos" "$tmp/ytree.nopos" ||
	fail "the plan written as YAML reads as another tree"

"$hplan" render "input/$name.yaml" -o "$tmp/out" 2>"$tmp/err" ||
	fail "hplan render"
cmp "$tmp/a.xml" "$tmp/out/$name.xml" || fail "render wrote other XML"
# The ERMS file for the diarium: only with a dnr, valid, its checksums
# those of the files beside it.
if grep -q '^dnr "[^"]' "$tmp/tree"; then
	want="$name.erms.xml $name.pdf $name.xml "
	xmllint --noout --nonet --schema generator/schemas/ERMS_v3.xsd \
	    "$tmp/out/$name.erms.xml" ||
		fail "the ERMS file does not validate against ERMS_v3.xsd"
	for f in pdf xml; do
		sum=$(sha256sum "$tmp/out/$name.$f" | cut -d' ' -f1)
		grep -q "<value>$sum</value>" "$tmp/out/$name.erms.xml" ||
			fail "the ERMS file lacks the checksum of $name.$f"
	done
else
	want="$name.pdf $name.xml "
	grep -q "warning: the .* has no dnr\|rendered as a draft" "$tmp/err" ||
		fail "no warning about the missing dnr"
fi
# With its plan, the plan's files and the changes since its earlier
# version (Bilaga 2); the plan's as render makes them of the plan alone.
if [ -n "$plan" ]; then
	"$hplan" render "input/$plan.yaml" -o "$tmp/plan" 2>/dev/null ||
		fail "hplan render of the plan"
	for f in $(ls -A "$tmp/plan"); do
		cmp "$tmp/plan/$f" "$tmp/out/$f" ||
			fail "the plan's $f differs when made with the tjänsteutlåtande"
	done
	want="$(ls -A "$tmp/plan" | tr '\n' ' ')$want"
	if [ -n "$earlier" ]; then
		want="$name-bilaga-2.pdf $earlier.xml $want"
	fi
	want=$(echo $want | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')
fi
[ "$(ls -A "$tmp/out" | tr '\n' ' ')" = "$want" ] ||
	fail "render wrote other files: $(ls -A "$tmp/out")"
# The PDF is the same on every run, and the same from the archival XML.
"$hplan" render "input/$name.yaml" -o "$tmp/again" 2>/dev/null ||
	fail "second render"
for f in $want; do
	cmp "$tmp/out/$f" "$tmp/again/$f" ||
		fail "two renders of the same plan gave different $f"
done
"$hplan" render "$tmp/a.xml" -o "$tmp/fromxml" 2>/dev/null ||
	fail "render from XML"
cmp "$tmp/out/$name.pdf" "$tmp/fromxml/a.pdf" ||
	fail "the archival XML did not regenerate the identical PDF"
if [ -f "$tmp/out/$name-bilaga-2.pdf" ]; then
	cmp "$tmp/out/$name-bilaga-2.pdf" "$tmp/fromxml/a-bilaga-2.pdf" ||
		fail "the archival XML did not regenerate the identical Bilaga 2"
fi
exit $status
