#!/usr/bin/python3
"""Checks `hplan revise`:

- revising the Norrmalm 2017 plan gives the structure of the 2018 follow-up
  (seed 004, input/norrmalm-2018.yaml): the same sections, a follow-up table
  with every 2017 action by its id and the 2018 follow-up's columns, an empty
  table for new actions with the 2018 new table's fields, version 2 after 1;
  filling in the 2018 statuses and new actions and the date, the plan renders
  without a follow-up warning, and its follow-up equals the 2018 plan's;
- until the statuses are filled in, rendering warns about each, and about an
  action left out of the follow-up;
- revising twice carries the history and every action, new ones too;
- an action id used again in the new table is an error with its place;
- a missing earlier plan is an error (revise) or a warning (render);
- an existing output file is left alone without --force;
- a plan's figures are found from the next version wherever it is written:
  named anew from its directory, or, from a plan read from the archival
  XML, the image written beside it (never over another file).

Usage: check_revise.py HPLAN SOURCE_DIR"""
import os
import subprocess
import sys
import tempfile

import yaml

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def sections(plan):
    """Every section's heading path, in order."""
    out = []

    def walk(secs, path):
        for s in secs or []:
            out.append(path + (s["rubrik"],))
            walk(s.get("avsnitt"), path + (s["rubrik"],))
    walk(plan["avsnitt"], ())
    return out


def tables(plan):
    out = []

    def walk(secs):
        for s in secs or []:
            out.extend(s.get("tabeller") or [])
            walk(s.get("avsnitt"))
    walk(plan["avsnitt"])
    return out


def fields(table):
    return [c if isinstance(c, str) else c["fält"] for c in table["kolumner"]]


def followup(plan):
    return [t for t in tables(plan) if "status" in fields(t)]


def main():
    hplan, src = sys.argv[1], sys.argv[2]
    y2017 = os.path.join(src, "input", "norrmalm-2017.yaml")
    y2018 = load(os.path.join(src, "input", "norrmalm-2018.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        nxt = os.path.join(tmp, "norrmalm-2018.yaml")
        r = run(hplan, "revise", y2017, "--för", "T1 2018", "-o", nxt)
        if r.returncode != 0:
            sys.exit("hplan revise failed: " + r.stderr)
        plan = load(nxt)
        if plan["version"] != 2 or plan["tidigare_versioner"][0]["version"] != 1:
            fail("the revision is not version 2 after version 1")
        if plan["datum"] != "":
            fail("the date was not left for the author")
        if sections(plan) != sections(y2018):
            fail("the sections differ from the 2018 plan's")
        f, want = followup(plan), followup(y2018)
        if len(f) != 1:
            fail("there is not one follow-up table")
            return
        ids = [a["id"] for a in f[0]["åtgärder"]]
        if sorted(ids) != sorted(a["id"] for a in want[0]["åtgärder"]):
            fail("the follow-up's actions differ from the 2018 plan's")
        if fields(f[0]) != fields(want[0]):
            fail("the follow-up's columns differ: %s" % fields(f[0]))
        if any(a.get("status") for a in f[0]["åtgärder"]):
            fail("a status was filled in already")
        new = [t for t in tables(plan) if "status" not in fields(t)]
        want_new = [t for t in tables(y2018) if "status" not in fields(t)]
        if len(new) != 1 or new[0]["åtgärder"] or \
                fields(new[0]) != fields(want_new[0]):
            fail("there is no empty table for new actions like 2018's")

        # Until the statuses are in, rendering warns about each of them.
        plan["datum"] = "2018-04"
        del f[0]["åtgärder"][3]
        with open(nxt, "w", encoding="utf-8") as out:
            yaml.safe_dump(plan, out, allow_unicode=True, sort_keys=False)
        r = run(hplan, "-o", os.path.join(tmp, "out"), nxt)
        if r.returncode != 0 or r.stderr.count("has no status yet") != 13:
            fail("no warning for each action without status:\n" + r.stderr)
        if "the action 'samverkan-polis' of version 1 is not followed up" \
                not in r.stderr:
            fail("no warning for the action left out:\n" + r.stderr)

        # Filled in as in 2018, the plan follows up every action.
        status = {a["id"]: a["status"] for a in want[0]["åtgärder"]}
        r = run(hplan, "revise", y2017, "--för", "T1 2018", "-o", nxt, "--force")
        done = load(nxt)
        done["datum"] = "2018-04"
        for a in followup(done)[0]["åtgärder"]:
            a["status"] = status[a["id"]]
        new = [t for t in tables(done) if "status" not in fields(t)][0]
        new["åtgärder"] = want_new[0]["åtgärder"]
        with open(nxt, "w", encoding="utf-8") as out:
            yaml.safe_dump(done, out, allow_unicode=True, sort_keys=False)
        r = run(hplan, "-o", os.path.join(tmp, "out"), nxt)
        if r.returncode != 0 or "follow" in r.stderr or "status" in r.stderr:
            fail("the filled-in revision does not render cleanly:\n" + r.stderr)
        r1 = run(hplan, "-T", "tree", nxt)
        r2 = run(hplan, "-T", "tree", os.path.join(src, "input", "norrmalm-2018.yaml"))

        def actions(tree):
            return sorted(l.split()[1] for l in tree.splitlines()
                          if l.strip().startswith("action id="))
        if actions(r1.stdout) != actions(r2.stdout):
            fail("the filled-in revision's actions differ from 2018's")

        # Revising twice: the history grows, every action is followed up.
        third = os.path.join(tmp, "norrmalm-2019.yaml")
        r = run(hplan, "revise", nxt, "-o", third)
        p3 = load(third)
        if r.returncode != 0 or [v["version"] for v in p3["tidigare_versioner"]] != [2, 1]:
            fail("the second revision's history is wrong:\n" + r.stderr)
        ids3 = [a["id"] for a in followup(p3)[0]["åtgärder"]]
        if len(ids3) != 18 or "abc-vardnadshavare" not in ids3:
            fail("the second revision does not follow up every action")

        # An id used again is an error at its place.
        p3["datum"] = "2019-04"
        for a in followup(p3)[0]["åtgärder"]:
            a["status"] = "Klar"
        [t for t in tables(p3) if "status" not in fields(t)][0]["åtgärder"] = [
            {"id": "orostelefon", "åtgärd": "En ny åtgärd med ett gammalt id"}]
        with open(third, "w", encoding="utf-8") as out:
            yaml.safe_dump(p3, out, allow_unicode=True, sort_keys=False)
        r = run(hplan, "-o", os.path.join(tmp, "out3"), third)
        if r.returncode != 1 or "error: the id 'orostelefon' is used twice" not in r.stderr \
                or "note: it was first used here" not in r.stderr:
            fail("a repeated id was not an error:\n" + r.stderr)

        # A missing earlier plan.
        r = run(hplan, "revise", os.path.join(tmp, "nosuch.yaml"), "-o",
                os.path.join(tmp, "x.yaml"))
        if r.returncode != 3 or "nosuch.yaml: error: cannot open" not in r.stderr \
                or os.path.exists(os.path.join(tmp, "x.yaml")):
            fail("a missing plan was not refused:\n" + r.stderr)
        [t for t in tables(p3) if "status" not in fields(t)][0]["åtgärder"][0]["id"] = "ny"
        with open(third, "w", encoding="utf-8") as out:
            yaml.safe_dump(p3, out, allow_unicode=True, sort_keys=False)
        os.rename(nxt, os.path.join(tmp, "moved.yaml"))
        r = run(hplan, "-o", os.path.join(tmp, "out4"), third)
        if "warning: [plan-uppfoljning] cannot read version 2" not in r.stderr:
            fail("no warning when the earlier plan is missing:\n" + r.stderr)

        # An existing file is not overwritten without --force.
        before = open(third, encoding="utf-8").read()
        r = run(hplan, "revise", y2017, "-o", third)
        if r.returncode != 3 or "exists already" not in r.stderr or \
                open(third, encoding="utf-8").read() != before:
            fail("an existing file was overwritten:\n" + r.stderr)
        if set(os.listdir(tmp)) - {"norrmalm-2019.yaml", "moved.yaml", "out",
                                   "out3", "out4"}:
            fail("files were left behind: %s" % os.listdir(tmp))
        figures(hplan, src, tmp)
    print("%d checks failed" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


def figures(hplan, src, tmp):
    """The next version of a plan with a figure renders wherever it is."""
    soc = os.path.join(src, "input", "socialnamnden-2020.yaml")
    deep = os.path.join(tmp, "fig", "a", "b")
    os.makedirs(deep)
    for plan, nxt in ((soc, os.path.join(deep, "next.yaml")),):
        r = run(hplan, "revise", plan, "-o", nxt)
        if r.returncode != 0:
            fail("revise of a plan with a figure failed:\n" + r.stderr)
            return
    r = run(hplan, "-T", "tree", os.path.join(deep, "next.yaml"))
    if r.returncode != 1 or "image" in r.stderr:
        fail("the next version does not find its image:\n" + r.stderr)
    xml = os.path.join(tmp, "fig", "soc.xml")
    with open(xml, "w", encoding="utf-8") as out:
        out.write(run(hplan, "-T", "xml", soc).stdout)
    fromxml = os.path.join(tmp, "fig", "x", "next.yaml")
    os.makedirs(os.path.dirname(fromxml))
    r = run(hplan, "revise", xml, "-o", fromxml)
    written = os.path.join(os.path.dirname(fromxml), "preventionstjarna.svg")
    if r.returncode != 0 or not os.path.exists(written) or \
            open(written, "rb").read() != open(os.path.join(
                src, "input", "bilder", "preventionstjarna.svg"), "rb").read():
        fail("revise from the XML did not write the image beside:\n" + r.stderr)
    with open(written, "wb") as out:
        out.write(b"<svg/>")
    r = run(hplan, "revise", xml, "-o", fromxml, "--force")
    if r.returncode == 0 or "another file is here" not in r.stderr or \
            open(written, "rb").read() != b"<svg/>":
        fail("revise wrote over another file by the image's name:\n" + r.stderr)


main()
