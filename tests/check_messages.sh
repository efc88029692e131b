#!/bin/sh
# hplan speaks Swedish: every message the sources mark (generator/po/update
# extracts them) has a Swedish translation that is neither missing nor
# fuzzy; under a Swedish LANG the faulty plans are reported in Swedish
# (no English word outside the plan's own quoted words), with or without
# a Swedish locale on the machine, and in English otherwise; so are
# check's verdicts; --help is
# Swedish too, and both manuals, the English and the Swedish, describe
# every option --help lists.
# Usage: check_messages.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"

"$src/generator/po/update" "$tmp/hplan.pot" || fail "extracting the messages"
msgmerge --quiet --no-fuzzy-matching -o "$tmp/sv.po" \
    "$src/generator/po/sv.po" "$tmp/hplan.pot" || fail "msgmerge"
msgattrib --untranslated --only-fuzzy --no-obsolete "$tmp/sv.po" \
    >"$tmp/fuzzy" 2>/dev/null
msgattrib --untranslated --no-obsolete "$tmp/sv.po" >"$tmp/untranslated"
for f in fuzzy untranslated; do
	n=$(grep -c '^msgid ' "$tmp/$f")
	[ "$n" -le 1 ] || fail "$((n - 1)) messages are $f in sv.po: $(grep '^msgid ' "$tmp/$f" | sed -n 2,6p)"
done

# English words that a Swedish message does not have, outside quotes (and
# libxml2's own words, which follow ours about an XML file).
english='\b(the|is|and|with|must|cannot|has|give|write|error|warning)\b'
for plan in "$src"/tests/bad/*.yaml "$src"/tests/bad-xml/*.xml; do
	for lang in sv_SE.UTF-8 sv_FI.UTF-8; do
		(cd "$(dirname "$plan")" && env -u LC_ALL -u LANGUAGE \
		    LANG=$lang "$hplan" -o "$tmp/out" "$(basename "$plan")") \
		    >/dev/null 2>"$tmp/err"
		sed -e 's/XML: .*/XML:/' -e 's/YAML: .*/YAML:/' \
		    -e "s/reader's words: .*//" -e 's/ord: .*/ord:/' -e "s/'[^']*'//g" -e 's/"[^"]*"//g' \
		    -e 's/^[^ ]* [a-z]*: //' "$tmp/err" >"$tmp/words"
		if grep -Eq "$english" "$tmp/words"; then
			fail "$(basename "$plan") under $lang: $(grep -E "$english" "$tmp/words" | head -2)"
		fi
	done
done
# hplan check's verdicts, on plans that meet and miss requirements.
for plan in "$src"/input/*.yaml "$src/tests/pdfua/decision.yaml"; do
	env -u LC_ALL -u LANGUAGE LANG=sv_SE.UTF-8 "$hplan" check "$plan" \
	    >"$tmp/verdicts" 2>&1
	sed -e 's/»[^«]*«//' -e "s/'[^']*'//g" -e 's/"[^"]*"//g' \
	    -e 's/^[^ ]* [a-z]*: \[[^]]*\] //' "$tmp/verdicts" >"$tmp/words"
	if grep -Eq "$english" "$tmp/words"; then
		fail "check $(basename "$plan") under sv_SE: $(grep -E "$english" "$tmp/words" | head -2)"
	fi
done
expect 1 env -u LANGUAGE LC_ALL=sv_SE.UTF-8 "$hplan" -o "$tmp/o" \
    "$src/tests/bad/50-figures.yaml"
contains "$tmp/err" ": fel: bilden 'img/finns-inte.svg' finns inte"
expect 1 env -u LANGUAGE LC_ALL=C.UTF-8 LANG=sv_SE.UTF-8 "$hplan" -o "$tmp/o" \
    "$src/tests/bad/50-figures.yaml"
contains "$tmp/err" ": error: the image 'img/finns-inte.svg' is not there"
expect 0 env -u LANGUAGE LC_ALL=sv_SE.UTF-8 "$hplan" --help
contains "$tmp/out" "Användning: hplan"
expect 0 env LC_ALL=C.UTF-8 "$hplan" --help
for opt in $(grep -oE '^ +(-[a-zA-Z], )?--[a-zö-]+' "$tmp/out" |
    sed 's/.*--//'); do
	for man in hplan.1 hplan.sv.1; do
		grep -q "^\.It Fl .*\\-$opt\b" "$src/generator/$man" ||
			fail "$man does not describe --$opt"
	done
done
exit $status
