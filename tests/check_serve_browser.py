#!/usr/bin/python3
"""hplan serve in a browser (Debian's headless Chromium, driven by
chromedriver): the page loads with its pages and findings; the plan is
changed on disk; the page follows by itself within the time allowed
(HPLAN_SERVE_SECONDS, else 5 s), scrolls to the first changed page, shows
the new text on it and a new finding; an error is shown above the last
good pages.  Screenshots of each state are left in OUT_DIR.

Usage: check_serve_browser.py HPLAN SOURCE_DIR OUT_DIR"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

hplan, source, out_dir = sys.argv[1:4]
allowed = float(os.environ.get("HPLAN_SERVE_SECONDS", "5"))
failures = []


def fail(what):
    print("FAIL:", what)
    failures.append(what)


def until(driver, script, seconds=10):
    """Waits for script (a JavaScript expression) to be true; the time it
    took, or None."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if driver.execute_script("return " + script):
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def edit(plan, old, new):
    """Changes the plan on disk as an editor saves it; the time of the
    save."""
    with open(plan, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        sys.exit("the plan lacks " + old)
    with open(plan, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
    return time.monotonic()


def shown(driver, rendering):
    """The page shows rendering whole, its images loaded."""
    return until(driver, "document.body.dataset.rendering === '%d' && "
                 "Array.from(document.images).every(i => i.complete && "
                 "i.naturalWidth > 0)" % rendering)


def main():
    work = tempfile.mkdtemp()
    server = driver = None
    try:
        shutil.copytree(os.path.join(source, "input"), work,
                        dirs_exist_ok=True)
        plan = os.path.join(work, "norrmalm-2017.yaml")
        server = subprocess.Popen([hplan, "serve", plan, "--port", "0"],
                                  stdout=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            sys.exit("no address: " + line)
        url = match.group(0)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--window-size=1100,1000",
                    "--user-data-dir=" + os.path.join(work, "chromium")):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                                  options=options)
        driver.set_page_load_timeout(30)

        # The first rendering: every page, its findings.
        driver.get(url)
        if shown(driver, 1) is None:
            sys.exit("the first rendering never showed")
        pages = driver.execute_script(
            "return document.querySelectorAll('#pages figure').length")
        if pages < 10:
            fail("only %d pages shown" % pages)
        before = driver.execute_script(
            "return document.getElementById('finding-list').innerText")
        if "FYLL I" in before:
            fail("a finding of FYLL I before the change")
        driver.save_screenshot(os.path.join(out_dir, "serve-before.png"))

        # A change well inside the plan: the page follows, scrolled to the
        # first page that changed, which has the new text.
        saved = edit(plan, "vit makt-miljön", "vit makt-miljön och Testordet")
        if shown(driver, 2) is None:
            fail("the change never showed")
        took = time.monotonic() - saved
        print("the page followed the save after %.3f s" % took)
        if took > allowed:
            fail("the page followed after %.3f s, more than %g s"
                 % (took, allowed))
        first = driver.execute_script(
            "const f = document.querySelector('#pages figure.changed');"
            "return f ? Number(f.id.slice(5)) : 0")
        if first < 2:
            fail("the first changed page is %d" % first)
        text = driver.execute_script(
            "return document.getElementById('page-%d').innerText + "
            "document.getElementById('page-%d').lastElementChild"
            ".textContent" % (first, first))
        if "Testordet" not in text:
            fail("page %d lacks the new text" % first)
        top = driver.execute_script(
            "return document.getElementById('page-%d')"
            ".getBoundingClientRect().top" % first)
        header = driver.execute_script(
            "return document.querySelector('header')"
            ".getBoundingClientRect().bottom")
        if not header - 5 <= top <= header + 100:
            fail("not scrolled to page %d: its top at %d, the header's "
                 "bottom at %d" % (first, top, header))
        driver.save_screenshot(os.path.join(out_dir, "serve-after.png"))

        # A new finding: FYLL I, with its place and source line.
        edit(plan, "och Testordet", "och Testordet (FYLL I)")
        if shown(driver, 3) is None:
            fail("the finding never showed")
        after = driver.execute_script(
            "return document.getElementById('finding-list').innerText")
        if not re.search(r"norrmalm-2017\.yaml:\d+:\d+ error \[plan-fyll-i\]"
                         r"[^\n]*FYLL I", after):
            fail("no new finding of FYLL I: " + after)
        if "Testordet (FYLL I)" not in after:
            fail("the finding's source line is not shown: " + after)
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(out_dir, "serve-findings.png"))

        # An error: shown above the last good pages, which stay.
        edit(plan, "nämnd:", "nämnd: [")
        if until(driver, "document.body.dataset.rendering === '4'") is None:
            fail("the error never showed")
        state = driver.execute_script(
            "return [document.body.classList.contains('failed'),"
            "document.getElementById('status').innerText,"
            "document.querySelectorAll('#pages figure').length,"
            "document.getElementById('finding-list').innerText]")
        if not state[0] or "The plan has errors" not in state[1]:
            fail("the error is not told: %r" % state[:2])
        if state[2] != pages:
            fail("the last good pages are gone: %d" % state[2])
        if not re.search(r"norrmalm-2017\.yaml:\d+:\d+ error", state[3]):
            fail("no error with its line and column: " + state[3])
        driver.save_screenshot(os.path.join(out_dir, "serve-error.png"))

        # The server stops: the page says so.
        server.terminate()
        server.wait(timeout=10)
        if until(driver, "document.body.classList.contains('lost')") is None:
            fail("the page does not tell that the server stopped")

        # Started again on the same port, with the plan mended meanwhile:
        # the page follows the new server by itself.
        edit(plan, "nämnd: [", "nämnd:")
        server = subprocess.Popen([hplan, "serve", plan, "--port",
                                   url.rsplit(":", 1)[1].strip("/")],
                                  stdout=subprocess.PIPE, text=True)
        server.stdout.readline()
        if until(driver, "!document.body.classList.contains('lost') && "
                 "!document.body.classList.contains('failed') && "
                 "document.body.dataset.rendering === '1'", 15) is None:
            fail("the page does not follow a server started again: %r"
                 % driver.execute_script(
                     "return [document.body.className, "
                     "document.getElementById('status').innerText]"))
    finally:
        if driver is not None:
            driver.quit()
        if server is not None and server.poll() is None:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


sys.exit(main())
