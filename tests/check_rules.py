#!/usr/bin/python3
"""Checks `hplan check`: every rule with a plan that meets it and one that
does not; the verdicts on the example plans against their hand-checked
expected outputs (tests/check/); the JSON format; `render --strict`.

Usage: check_rules.py HPLAN SOURCE_DIR"""
import json
import os
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def plan(name, typ, sections, dnr="3.1.1-1/2017", date="2017-09", extra=""):
    out = ["nämnd: {namn: %s, typ: %s}" % (name, typ),
           "titel: Testplan", "datum: %s" % date, 'dnr: "%s"' % dnr, "avsnitt:"]
    out.append(sections)
    return "\n".join(out) + extra + "\n"


def section(title="Avsnitt", krav=None, text="Text.^[Källa]", tables=""):
    s = "  - rubrik: %s\n" % title
    if krav:
        s += "    krav: [%s]\n" % krav
    if text:
        s += "    text: |\n      %s\n" % text
    return s + tables


TABLE = """    tabeller:
      - kolumner: [åtgärd, ansvarig, senast_klart]
        åtgärder:
          - id: a
            åtgärd: Göra något.
%s"""

BOARDS = {
    "alla nämnder": ("Norrmalms stadsdelsnämnd", "stadsdelsnämnd"),
    "stadsdelsnämnder": ("Norrmalms stadsdelsnämnd", "stadsdelsnämnd"),
    "facknämnder": ("Socialnämnden", "facknämnd"),
    "Utbildningsnämnd": ("Utbildningsnämnden", "facknämnd"),
    "Kulturnämnd": ("Kulturnämnden", "facknämnd"),
    "Socialnämnd": ("Socialnämnden", "facknämnd"),
    "Södermalm": ("Södermalms stadsdelsnämnd", "stadsdelsnämnd"),
    "Skärholmen": ("Skärholmens stadsdelsnämnd", "stadsdelsnämnd"),
    "Rinkeby-Kista": ("Rinkeby-Kista stadsdelsnämnd", "stadsdelsnämnd"),
    "Älvsjö": ("Älvsjö stadsdelsnämnd", "stadsdelsnämnd"),
}


def verdict(hplan, tmp, text, rule):
    path = os.path.join(tmp, "plan.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    r = run(hplan, "check", "--format", "json", path)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        fail("check --format json is not JSON for %s: %s%s" % (rule, r.stdout, r.stderr))
        return None, r
    found = [f["status"] for f in report["findings"] if f["rule"] == rule]
    if (r.returncode == 1) != (report["errors"] > 0):
        fail("the exit status does not follow the errors for %s" % rule)
    return (found[0] if found else "met"), r


def requirement_rules(hplan, tmp):
    r = run(hplan, "check", "--rules")
    rules = []
    for line in r.stdout.splitlines():
        rid, rest = line.split(" (", 1)
        scope = rest.split("):", 1)[0]
        rules.append((rid, scope))
    for rid, scope in rules:
        if not rid.startswith("ks-"):
            continue
        name, typ = BOARDS[scope]
        if rid == "ks-aktivitetstabell":
            good = section(tables=TABLE % "            ansvarig: X\n            senast_klart: 2017-12\n")
            bad = section()
        elif rid == "ks-kultur-lagesbild":
            good, bad = section(title="Lägesbild"), section(title="Kultur")
        else:
            good, bad = section(krav=rid), section()
        if verdict(hplan, tmp, plan(name, typ, good), rid)[0] != "met":
            fail("%s: a plan that meets it is not passed" % rid)
        if verdict(hplan, tmp, plan(name, typ, bad), rid)[0] != "missing":
            fail("%s: a plan that lacks it is passed" % rid)
        if rid not in ("ks-aktivitetstabell", "ks-kultur-lagesbild"):
            empty = "  - rubrik: Tom\n    krav: [%s]\n" % rid
            if verdict(hplan, tmp, plan(name, typ, empty), rid)[0] != "missing":
                fail("%s: an empty marked section is passed" % rid)
    return [rid for rid, _ in rules]


def hygiene_rules(hplan, tmp, ids):
    n, t = "Norrmalms stadsdelsnämnd", "stadsdelsnämnd"
    row = "            ansvarig: X\n            senast_klart: december 2017\n"
    cases = {
        "plan-ansvarig": (section(tables=TABLE % row),
                          section(tables=TABLE % "            senast_klart: 2017\n")),
        "plan-tidplan": (section(tables=TABLE % row),
                         section(tables=TABLE % "            ansvarig: X\n")),
        "plan-senast-klart": (section(tables=TABLE % row),
                              section(tables=TABLE % "            ansvarig: X\n"
                                      "            senast_klart: Senast 31 dec 2016\n")),
        "plan-tomma-avsnitt": (section(), section() + "  - rubrik: Tomt\n"),
        "plan-fotnoter": (section(), section(text="Text utan källa.")),
        "plan-fyll-i": (section(), section(text="FYLL I: vad som hänt.^[Källa]")),
    }
    for rid, (good, bad) in cases.items():
        if verdict(hplan, tmp, plan(n, t, good), rid)[0] != "met":
            fail("%s: a plan that keeps it gets a finding" % rid)
        want = "unfinished" if rid == "plan-fyll-i" else "problem"
        if verdict(hplan, tmp, plan(n, t, bad), rid)[0] != want:
            fail("%s: a plan that breaks it gets no %s finding" % (rid, want))
    # Deadlines in ordinary Swedish, for a plan of April 2028: not due
    # before it; a date before it is.
    for when, want in (("Under 2028", "met"), ("Hösten 2028", "met"),
                       ("T2 2028", "met"), ("2028", "met"), ("Löpande", "met"),
                       ("Pågår", "met"), ("Våren 2028", "met"),
                       ("december 2027", "problem"), ("T3 2027", "problem")):
        row2 = "            ansvarig: X\n            senast_klart: %s\n" % when
        if verdict(hplan, tmp, plan(n, t, section(tables=TABLE % row2),
                                    date="2028-04"), "plan-senast-klart")[0] != want:
            fail("plan-senast-klart: '%s' is not %s for a plan of April 2028"
                 % (when, want))
    if verdict(hplan, tmp, plan(n, t, section(), dnr="3.1.1-212/2020"), "plan-dnr")[0] != "met" \
            or verdict(hplan, tmp, plan(n, t, section(), dnr="Dnr 212"), "plan-dnr")[0] != "problem" \
            or verdict(hplan, tmp, plan(n, t, section(), dnr=""), "plan-dnr")[0] != "problem":
        fail("plan-dnr does not tell a dnr of the usual form")
    if verdict(hplan, tmp, plan(n, t, section()), "plan-typ")[0] != "met":
        fail("plan-typ is not met by a plan that states its kind")
    path = os.path.join(tmp, "untyped.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(plan(n, t, section()).replace(", typ: stadsdelsnämnd", ""))
    r = run(hplan, "check", path)
    if r.returncode != 1 or "'nämnd' has no 'typ'" not in r.stderr:
        fail("plan-typ: a plan without its kind is not refused")
    # A finished plan records its decision; a draft is not asked for one.
    decided = "beslut: {datum: 2017-10-12, paragraf: 9}"
    if verdict(hplan, tmp, plan(n, t, section(), extra=decided), "plan-beslut")[0] != "met" \
            or verdict(hplan, tmp, plan(n, t, section()), "plan-beslut")[0] != "problem":
        fail("plan-beslut does not tell a plan with a decision from one without")
    _, r = verdict(hplan, tmp, plan(n, t, section(text="FYLL I")), "plan-beslut")
    if "plan-beslut" in r.stdout:
        fail("plan-beslut: a draft is asked for its decision")
    for rid in ids:
        if rid.startswith("plan-") and rid not in cases and \
                rid not in ("plan-dnr", "plan-typ", "plan-beslut"):
            fail("%s has no test" % rid)


MEMO = {
    "head": "dokument: tjänsteutlåtande\nnämnd: {namn: Norrmalms stadsdelsnämnd, "
            "typ: stadsdelsnämnd}\ntitel: Handlingsplan 2018\ndatum: 2018-03-01\n",
    "dnr": 'dnr: "3.1.1-212/2018"\n',
    "officer": "handläggare: {namn: Anna Andersson, telefon: 08-508 09 000}\n",
    "proposal": "förslag:\n  - Stadsdelsnämnden godkänner handlingsplanen.\n",
    "summary": "sammanfattning: Planen revideras.\n",
}


def memo(**parts):
    return "".join(parts.get(k, v) for k, v in MEMO.items())


def memo_rules(hplan, tmp, ids):
    """What a tjänsteutlåtande must contain: each rule met by a whole one,
    and found missing or unfinished when its part is left out or holds
    FYLL I."""
    cases = {
        "tu-forslag": ({"proposal": ""}, "missing"),
        "tu-sammanfattning": ({"summary": ""}, "missing"),
        "tu-handlaggare": ({"officer": ""}, "missing"),
        "tu-dnr": ({"dnr": ""}, "problem"),
        "tu-fyll-i": ({"summary": "sammanfattning: FYLL I\n"}, "unfinished"),
    }
    for rid, (bad, want) in cases.items():
        if verdict(hplan, tmp, memo(), rid)[0] != "met":
            fail("%s: a whole tjänsteutlåtande gets a finding" % rid)
        if verdict(hplan, tmp, memo(**bad), rid)[0] != want:
            fail("%s: a tjänsteutlåtande that lacks it is not %s" % (rid, want))
    for rid, bad in (
            ("tu-handlaggare", {"officer": "handläggare: {namn: Anna Andersson}\n"}),
            ("tu-fyll-i", {"officer": "handläggare: {namn: FYLL I, telefon: 08}\n"}),
            ("tu-fyll-i", {"proposal": "förslag:\n  - FYLL I\n"})):
        want = "unfinished" if rid == "tu-fyll-i" else "problem"
        if verdict(hplan, tmp, memo(**bad), rid)[0] != want:
            fail("%s: %s is not %s" % (rid, bad, want))
    # The plan's rules are not a tjänsteutlåtande's.
    _, r = verdict(hplan, tmp, memo(), "tu-forslag")
    if r.returncode != 0 or "ks-" in r.stdout or "plan-" in r.stdout:
        fail("a whole tjänsteutlåtande is checked as a plan: " + r.stdout)
    for rid in ids:
        if rid.startswith("tu-") and rid not in cases:
            fail("%s has no test" % rid)


def examples(hplan, src, tmp):
    for name in ("norrmalm-2017", "norrmalm-2018", "socialnamnden-2020",
                 "spanga-tensta-remissvar-2015", "norrmalm-2018-tjansteutlatande"):
        r = subprocess.run([hplan, "check", "input/%s.yaml" % name], cwd=src,
                           capture_output=True, text=True)
        want = open(os.path.join(src, "tests", "check", name + ".out"),
                    encoding="utf-8").read()
        if r.stdout != want:
            fail("the verdict on %s differs from tests/check/%s.out" % (name, name))
    # --strict renders only a complete plan.
    out = os.path.join(tmp, "strict")
    r = run(hplan, "render", "--strict", "-o", out,
            os.path.join(src, "input", "socialnamnden-2020.yaml"))
    if r.returncode != 1 or "[ks-prioritet]" not in r.stderr or os.path.exists(out):
        fail("--strict rendered a plan with check errors: " + r.stderr)
    r = run(hplan, "render", "--strict", "-o", out,
            os.path.join(src, "input", "norrmalm-2017.yaml"))
    if r.returncode != 0 or not os.path.exists(os.path.join(out, "norrmalm-2017.pdf")):
        fail("--strict refused a complete plan: " + r.stderr)


def skeletons(hplan, tmp):
    cases = [("Norrmalm", "stadsdelsnämnd", "Norrmalms stadsdelsnämnds handlingsplan"),
             ("Spånga-Tensta", "stadsdelsnämnd", "Spånga-Tensta stadsdelsnämnds handlingsplan"),
             ("Bromma", "stadsdelsnämnd", "Bromma stadsdelsnämnds handlingsplan"),
             ("Södermalms stadsdelsnämnd", "stadsdelsnämnd", "Södermalms stadsdelsnämnds handlingsplan"),
             ("Socialnämnden", "facknämnd", "Socialnämndens handlingsplan"),
             ("Kultur", "facknämnd", "Kulturnämndens handlingsplan"),
             ("Utbildningsnämnden", "facknämnd", "Utbildningsnämndens handlingsplan")]
    for i, (name, typ, title) in enumerate(cases):
        path = os.path.join(tmp, "new%d.yaml" % i)
        r = run(hplan, "new", "--nämnd", name, "--typ", typ, "--år", "2021", "-o", path)
        if r.returncode != 0:
            fail("hplan new failed for %s: %s" % (name, r.stderr))
            continue
        text = open(path, encoding="utf-8").read()
        if "titel: " + title + " mot våldsbejakande extremism\n" not in text:
            fail("the skeleton for %s lacks the title '%s'" % (name, title))
        # Unfinished: its FYLL I, and no requirement met by a section
        # holding only FYLL I (but the ones the skeleton writes out: the
        # action table, Uppföljning's standard text, the heading
        # Lägesbild).
        r = run(hplan, "check", "--format", "json", path)
        report = json.loads(r.stdout)
        other = [f for f in report["findings"] if f["status"] != "met" and
                 f["rule"] not in ("plan-fyll-i", "plan-dnr") and
                 not f["message"].endswith("answers it but is empty")]
        met = [f["rule"] for f in report["findings"] if f["status"] == "met" and
               f["rule"].startswith("ks-")]
        unfinished = [f for f in report["findings"] if f["status"] == "unfinished"]
        if r.returncode != 1 or other or not unfinished or \
                [m for m in met if m not in ("ks-aktivitetstabell",
                                             "ks-uppfoljning",
                                             "ks-kultur-lagesbild")]:
            fail("the skeleton for %s is not found unfinished: %s %s" %
                 (name, other, met))
        # It renders as a draft: the mark on every page, no ERMS file.
        out = os.path.join(tmp, "out%d" % i)
        r = run(hplan, "-o", out, path)
        pdf = os.path.join(out, "new%d.pdf" % i)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                              text=True).stdout if os.path.exists(pdf) else ""
        pages = text.count("\f")
        if r.returncode != 0 or "rendered as a draft" not in r.stderr or \
                text.count("UTKAST") != pages or pages == 0 or \
                os.path.exists(os.path.join(out, "new%d.erms.xml" % i)):
            fail("the skeleton for %s does not render as a draft: %s" %
                 (name, r.stderr[:300]))
        r = run(hplan, "package", "-o", os.path.join(tmp, "sip%d" % i), path)
        if r.returncode != 1 or "a draft is not packaged" not in r.stderr:
            fail("the skeleton for %s was packaged: %s" % (name, r.stderr[:300]))
    # A name with YAML's special characters reads back as written.
    path = os.path.join(tmp, "odd.yaml")
    name = 'Kungsholmen, #1: "Väst"'
    r = run(hplan, "new", "--nämnd", name, "--typ", "facknämnd", "--år", "2021",
            "-o", path)
    if r.returncode != 0:
        fail("hplan new failed for %s: %s" % (name, r.stderr))
    r = run(hplan, "check", "--format", "json", path)
    if r.returncode not in (0, 1) or not r.stdout.startswith("{"):
        fail("the skeleton for %s does not read back: %s" % (name, r.stderr))
    r = run(hplan, "-T", "xml", path)
    if r.returncode != 0 or name.replace('"', "&quot;") + "nämnden</board>" not in r.stdout \
            and name + "nämnden</board>" not in r.stdout:
        fail("the skeleton for %s names another nämnd: %s" % (name, r.stdout[:400]))
    r = run(hplan, "new", "--nämnd", "Norrmalm", "--typ", "stadsdelsnämnd",
            "--år", "2021", "-o", os.path.join(tmp, "new0.yaml"))
    if r.returncode != 3 or "exists already" not in r.stderr:
        fail("hplan new overwrote a file")


def main():
    hplan, src = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        ids = requirement_rules(hplan, tmp)
        hygiene_rules(hplan, tmp, ids)
        memo_rules(hplan, tmp, ids)
        examples(hplan, src, tmp)
        skeletons(hplan, tmp)
    print("%d checks failed" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


main()
