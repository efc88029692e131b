#!/bin/sh
# The nämnd's decision on a plan (beslut): printed on the title page, kept
# in the archival XML, given in the ERMS file as the case's decision, left
# out of the next version by revise; check warns about a finished plan
# without one, not about a draft.
# Usage: check_decision.sh HPLAN SOURCE_DIR
set -u
hplan=$1
cd "$2" || exit 1
. "$(dirname "$0")/lib.sh"
plan=tests/pdfua/decision.yaml
words="Antagen av Testnämnden den 12 juni 2024 § 7, protokoll 2024:5"
# As written: no-break spaces keep the month with its year and § with its
# number.
nb=$(printf '\302\240')
nbsp_words="Antagen av Testnämnden den 12 juni${nb}2024 §${nb}7, protokoll 2024:5"

expect 0 "$hplan" render -q "$plan" -o "$tmp/r"
pdftotext -f 2 -l 2 "$tmp/r/decision.pdf" "$tmp/page2.txt" ||
	fail "pdftotext"
contains "$tmp/page2.txt" "$words"
xmllint --noout --nonet --schema generator/schemas/ERMS_v3.xsd \
    "$tmp/r/decision.erms.xml" 2>"$tmp/err" ||
	fail "the ERMS file does not validate: $(cat "$tmp/err")"
erms=$tmp/r/decision.erms.xml
contains "$erms" '<date dateType="decision">2024-06-12T00:00:00</date>'
contains "$erms" "<actionText>$nbsp_words</actionText>"
contains "$erms" '<actionType>beslut</actionType>'
contains "$erms" '<agent agentType="other" otherAgentType="beslutande organ">'
contains "$tmp/r/decision.xml" \
    '<decision date="2024-06-12" paragraph="7" minutes="2024:5"/>'

# Kommunstyrelsen's requirements are not met by so small a plan: check
# fails, and still reports on the decision.
expect 1 "$hplan" check "$plan"
contains "$tmp/out" "ok: [plan-beslut] $nbsp_words"
# The same plan without its decision.
sed '/^beslut:/,/^  protokoll/d' "$plan" >"$tmp/undecided.yaml"
expect 1 "$hplan" check "$tmp/undecided.yaml"
contains "$tmp/out" "warning: [plan-beslut] the plan does not say that it has been adopted"
# A draft is not yet up for decision.
sed 's/i juni\./i juni. FYLL I/' "$tmp/undecided.yaml" >"$tmp/draft.yaml"
expect 1 "$hplan" check "$tmp/draft.yaml"
grep -q "plan-beslut" "$tmp/out" && fail "check asks a draft for its decision"

# The next version is not yet adopted.
expect 0 "$hplan" revise -q "$plan" -o "$tmp/next.yaml"
grep -q "beslut" "$tmp/next.yaml" && fail "revise kept the decision"
exit $status
