#!/bin/sh
# hplan serve, asked with curl: the page, its state, the pages as PNG, the
# PDF; a change to the plan, to a figure, an error that keeps the last
# good pages; requests that must be refused (paths outside the fixed set,
# a path traversal, another host, an oversized request, too many
# connections, a non-loopback address); SIGINT; nothing written without
# --skriv.  Usage: check_serve.sh HPLAN SOURCE_DIR
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"

work=$tmp/work
mkdir -p "$work"
cp -r "$src/input/." "$work/"
cd "$work" || exit 1

# serve NAME ARGS...: starts hplan serve in the background, its pid in
# $pid and port in $port once it listens.
serve() {
	name=$1
	shift
	"$hplan" serve "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pid=$!
	port=$(served_port "$tmp/$name.out" 10)
	[ -n "$port" ] || fail "$name: no address printed: $(cat "$tmp/$name.err")"
	url=http://127.0.0.1:$port
}

# get PATH [CURL ARGS...]: the answer's body in $tmp/body, its status in
# $code, its type in $type.
get() {
	path=$1
	shift
	set -- -s -o "$tmp/body" -w '%{http_code} %{content_type}' \
	    --max-time 10 "$@" "$url$path"
	answer=$(curl "$@")
	code=${answer%% *}
	type=${answer#* }
}

# state EXPR: EXPR evaluated on state.json as s, by Python.
state() {
	curl -s --max-time 10 "$url/state.json" |
	    /usr/bin/python3 -c "import json, sys; s = json.load(sys.stdin); print($1)"
}

# wait_rendering N: until the state is of rendering N, complete (10 s at
# most); the time it took since the last edit (or since now) in $took,
# seconds, and "partial" in $partial when a view of it came first with
# pages still being drawn.
wait_rendering() {
	took=$(/usr/bin/python3 - "$url" "$1" "${edited:-}" <<'PY'
import json, sys, time, urllib.request
start = float(sys.argv[3]) if sys.argv[3] else time.time()
partial = ""
while time.time() - start < 10:
    with urllib.request.urlopen(sys.argv[1] + "/state.json") as r:
        s = json.load(r)
        if s["rendering"] >= int(sys.argv[2]) and s["complete"]:
            print("%.3f%s" % (time.time() - start, partial))
            break
        if s["rendering"] >= int(sys.argv[2]) and any(p["pending"]
                                                      for p in s["pages"]):
            partial = " partial"
    time.sleep(0.01)
else:
    print("never")
PY
)
	[ "$took" != never ] || fail "rendering $1 never came"
	partial=${took#* }
	took=${took%% *}
	edited=
}

# edit PYTHON: runs PYTHON on the plan's text t, which it changes; the
# time of the save in $edited.
edit() {
	edited=$(/usr/bin/python3 -c "
import time
t = open('norrmalm-2017.yaml', encoding='utf-8').read()
$1
open('norrmalm-2017.yaml', 'w', encoding='utf-8').write(t)
print(time.time())")
}

# A non-loopback address is refused before anything starts.
for address in 0.0.0.0 192.168.1.10 :: ::1 127.0.0.2 example.org; do
	expect 2 "$hplan" serve norrmalm-2017.yaml --bind "$address"
	contains "$tmp/err" "will not listen on '$address'"
done
expect 2 "$hplan" serve norrmalm-2017.yaml --port 70000
# A plan that is not there is refused at once.
expect 3 "$hplan" serve nosuch.yaml
contains "$tmp/err" "nosuch.yaml: error: cannot open"
expect 3 "$hplan" serve bilder
expect 2 "$hplan" serve norrmalm-2017.yaml -o elsewhere

serve main norrmalm-2017.yaml --port 0 --bind localhost
wait_rendering 1
echo "the first rendering after $took s"
get /
[ "$code $type" = "200 text/html; charset=utf-8" ] || fail "/: $code $type"
contains "$tmp/body" '<script src="/hplan.js"'
get /hplan.js
[ "$code" = 200 ] && contains "$tmp/body" "new EventSource('/events')"
get /hplan.css
[ "$code $type" = "200 text/css; charset=utf-8" ] || fail "css: $code $type"
pages=$(state "len(s['pages'])")
[ "$(state "s['ok'], s['rendering'], s['draft']")" = "True 1 False" ] ||
    fail "first state: $(state s)"
[ "$pages" -gt 10 ] || fail "only $pages pages"

# Each page as PNG and text, nothing else by number.
get /page/1.png
[ "$code $type" = "200 image/png" ] || fail "page 1: $code $type"
head -c 8 "$tmp/body" | od -c | grep -q 'P   N   G' || fail "page 1 is no PNG"
cp "$tmp/body" "$tmp/page1.png"
get "/page/$pages.png"
[ "$code" = 200 ] || fail "the last page: $code"
get /page/2.txt
[ "$code" = 200 ] || fail "page 2's text: $code"
contains "$tmp/body" "handlingsplan mot våldsbejakande extremism"
for path in /page/0.png "/page/$((pages + 1)).png" /page/01.png /page/1.PNG \
    /page/1.png/ /page/1 /page/ /page /page/-1.png \
    /page/99999999999999999999999.png /plan.pdf/ /index.html /state.json/x; do
	get "$path"
	[ "$code" = 404 ] || fail "$path: $code, want 404"
done

# The PDF is the plan's, as render would make it.
get /plan.pdf
[ "$code $type" = "200 application/pdf" ] || fail "pdf: $code $type"
pdftotext "$tmp/body" - | grep -q "handlingsplan mot" || fail "the PDF lacks its text"

# No request reaches the file system: not the plan, not a path out.
for path in /norrmalm-2017.yaml /bilder/preventionstjarna.svg \
    /../../../../etc/passwd /page/../../../etc/passwd \
    "/page/..%2f..%2f..%2fetc%2fpasswd" "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" \
    "/hplan.js/../../etc/passwd" "/..%5c..%5cetc%5cpasswd" \
    "//etc/passwd"; do
	get "$path" --path-as-is
	[ "$code" = 404 ] || [ "$code" = 400 ] || fail "$path: $code"
	! grep -q "root:" "$tmp/body" || fail "$path: served /etc/passwd"
	! grep -q "titel:" "$tmp/body" || fail "$path: served the plan"
done

# Only GET and HEAD, only for 127.0.0.1 or localhost.
get / -X POST --data-binary "@norrmalm-2017.yaml"
[ "$code" = 405 ] || fail "POST: $code"
get / -X DELETE
[ "$code" = 405 ] || fail "DELETE: $code"
get /state.json -I
[ "$code" = 200 ] || fail "HEAD: $code"
get /state.json -H "Host: evil.example:$port"
[ "$code" = 403 ] || fail "another host: $code"
get /state.json -H "Host: localhost:$port"
[ "$code" = 200 ] || fail "localhost: $code"

# Every answer is for our own page only; a connection is kept for the
# next request.
curl -s -D "$tmp/headers" -o /dev/null "$url/page/1.png"
contains "$tmp/headers" "Cross-Origin-Resource-Policy: same-origin"
curl -s -D "$tmp/headers" -o /dev/null "$url/plan.pdf"
contains "$tmp/headers" "Cross-Origin-Resource-Policy: same-origin"
curl -sv -o /dev/null -o /dev/null "$url/state.json" "$url/page/1.txt" \
    2>"$tmp/verbose"
contains "$tmp/verbose" "Re-using existing connection"

# Event streams are bounded, and a closed one frees its place soon.
for i in 1 2 3 4 5 6 7 8; do
	curl -s -N --max-time 30 "$url/events" >"$tmp/events$i" &
	eval "stream$i=\$!"
done
sleep 1
get /events --max-time 2
[ "$code" = 503 ] || fail "a ninth event stream: $code"
get /state.json
[ "$code" = 200 ] || fail "with eight event streams: $code"
grep -q "^data: [0-9]" "$tmp/events1" || fail "no event: $(cat "$tmp/events1")"
for i in 1 2 3 4 5 6 7 8; do
	eval "kill \$stream$i"
done
sleep 2.5
get /events --max-time 2
[ "$code" = 200 ] || fail "an event stream after the others closed: $code"

# Oversized requests are refused, and the server goes on.
long=$(head -c 70000 /dev/zero | tr '\0' a)
get "/$long"
[ "$code" -ge 400 ] 2>/dev/null || [ "$code" = 000 ] ||
    fail "a long path: $code"
get / -H "X-Big: $long"
[ "$code" -ge 400 ] 2>/dev/null || [ "$code" = 000 ] ||
    fail "a long header: $code"
get / -X POST -H "Content-Length: 100000000000"
[ "$code" -ge 400 ] 2>/dev/null || [ "$code" = 000 ] || fail "a body: $code"

# Connections are bounded (64): of many idle ones the excess are closed at once,
# and the server answers again when they are gone.
/usr/bin/python3 - "$port" <<'PY' || fail "connections are not bounded"
import socket, sys, time
socks = []
for _ in range(100):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.settimeout(0.5)
    socks.append(s)
time.sleep(1)
closed = 0
for s in socks:
    try:
        if s.recv(1) == b"":
            closed += 1
    except (socket.timeout, ConnectionError):
        pass
for s in socks:
    s.close()
print("closed at once:", closed, "of", len(socks))
sys.exit(0 if closed >= 30 else 1)
PY
# (The first connection after them may find the last of them not yet
# cleared away.)
for _ in 1 2 3; do
	sleep 0.2
	get /
	[ "$code" = 200 ] && break
done
[ "$code" = 200 ] || fail "after many connections: $code"

# A change: only the pages that changed are drawn again, the first of them
# is told, and the new text is on it, within a second.
edit "t = t.replace('vit makt-miljön', 'vit makt-miljön och Testordet', 1)"
wait_rendering 2
echo "update after a save: $took s"
[ "$(state "s['ok'], s['draft']")" = "True False" ] ||
    fail "after the change: $(state "s['status']")"
changed=$(state "s['changed']")
[ "$changed" -gt 1 ] || fail "changed: $changed"
get "/page/$changed.txt"
contains "$tmp/body" "Testordet"
[ "$(state "[p['changed'] for p in s['pages']][:$changed - 1]")" = \
    "$(state "[False] * ($changed - 1)")" ] ||
    fail "pages before $changed were drawn again: $(state "s['pages']")"
if [ -n "${HPLAN_SERVE_SECONDS:-}" ]; then
	/usr/bin/python3 -c "import sys; sys.exit(not $took <= $HPLAN_SERVE_SECONDS)" ||
	    fail "the update took $took s"
fi

# A new finding: FYLL I makes a draft, marked on every page.
edit "t = t.replace('och Testordet', 'och Testordet (FYLL I)', 1)"
wait_rendering 3
[ "$(state "s['ok'], s['draft']")" = "True True" ] ||
    fail "unfinished: $(state "s['status']")"
# Every page changed (each has the mark): the first ones were shown before
# the rest were drawn.
[ "$partial" = partial ] || fail "no view of the first pages before the rest"
state "[(f['level'], f['message']) for f in s['findings']]" |
    grep -q "('error', '\[plan-fyll-i\][^']*FYLL I" ||
    fail "no finding of FYLL I: $(state "s['findings']")"
get /page/1.txt
contains "$tmp/body" "UTKAST"
get /page/1.png
cp "$tmp/body" "$tmp/page1.png"

# An error: reported with its line, column and source line; the last good
# pages stay.
edit "t = t.replace('nämnd:', 'nämnd: [', 1)"
wait_rendering 4
[ "$(state "s['ok'], len(s['pages']), s['changed']")" = "False $pages 0" ] ||
    fail "with an error: $(state s)"
state "s['status']" | grep -q "The plan has errors" || fail "status: $(state s)"
first=$(state "s['findings'][0]")
echo "$first" | grep -q "'level': 'error'" || fail "first finding: $first"
echo "$first" | grep -q "'where': 'norrmalm-2017.yaml:[0-9]*:[0-9]*'" ||
    fail "no line and column: $first"
state "[f.get('source') for f in s['findings']]" | grep -q "'nämnd: \['" ||
    fail "no source line: $(state "s['findings']")"
get /page/1.png
cmp -s "$tmp/body" "$tmp/page1.png" || fail "the last good page 1 is gone"
grep -q "norrmalm-2017.yaml:[0-9]*:[0-9]*: error:" "$tmp/main.err" ||
    fail "the error is not on the terminal"
edit "t = t.replace('nämnd: [', 'nämnd:', 1)"
wait_rendering 5
[ "$(state "s['ok']")" = True ] || fail "mended: $(state s)"

# A file replaced, as editors save, is still watched.
/usr/bin/python3 -c "
t = open('norrmalm-2017.yaml', encoding='utf-8').read()
open('plan.new', 'w', encoding='utf-8').write(t.replace(' (FYLL I)', '', 1))"
mv plan.new norrmalm-2017.yaml
wait_rendering 6
[ "$(state "s['ok'], s['draft']")" = "True False" ] ||
    fail "after a rename: $(state s)"

# A change of colour alone (a word made a link) is a change of its page.
edit "t = t.replace('äger rådighet över.', 'äger rådighet [över](https://example.se).', 1)"
wait_rendering 7
[ "$(state "s['ok'], s['changed'] > 0")" = "True True" ] ||
    fail "a link's colour: $(state "s['changed'], s['status']")"

# A line that is not UTF-8: told as an error, in a state that is.
/usr/bin/python3 -c "
t = open('norrmalm-2017.yaml', 'rb').read()
open('norrmalm-2017.yaml', 'wb').write(t.replace(b'dnr:', b'dnr: \\xff\\xe2\\x80', 1))"
wait_rendering 8
curl -s "$url/state.json" | /usr/bin/python3 -c "
import json, sys
s = json.loads(sys.stdin.buffer.read().decode('utf-8'))
assert not s['ok'] and s['findings'], s" || fail "a state of a line not in UTF-8"

# SIGINT stops it at once, and nothing was written.
kill -INT "$pid"
for _ in $(seq 50); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
	fail "SIGINT did not stop it"
	kill -KILL "$pid"
fi
wait "$pid"
[ $? -eq 0 ] || fail "serve did not exit 0 on SIGINT"
contains "$tmp/main.out" "hplan serve stopped"
[ ! -e output ] || fail "serve wrote output/ without --skriv"
get /
[ "$code" = 000 ] || fail "still answering after SIGINT"

# A figure is watched; --skriv writes the files.
serve figure socialnamnden-2020.yaml --port 0 --skriv -o written
for _ in $(seq 100); do
	[ -e written/socialnamnden-2020.pdf ] && break
	sleep 0.1
done
[ -e written/socialnamnden-2020.pdf ] || fail "--skriv wrote nothing"
wait_rendering 1
sed -i 's/fill="[^"]*"/fill="#ff0000"/' bilder/preventionstjarna.svg
wait_rendering 2
[ "$(state "s['changed']")" -gt 1 ] || fail "the figure's page: $(state s)"
# A figure in a directory not there yet: an error until both have come.
sed -i 's|bild: bilder/preventionstjarna.svg|bild: nya/stjarna.svg|' \
    socialnamnden-2020.yaml
wait_rendering 3
[ "$(state "s['ok']")" = False ] || fail "a figure not there: $(state s)"
mkdir nya
wait_rendering 4
cp bilder/preventionstjarna.svg nya/stjarna.svg
wait_rendering 5
[ "$(state "s['ok']")" = True ] || fail "the figure come: $(state s)"
# A directory watched for one not there yet is watched for that name only:
# other files there (a busy directory) lay nothing out again.
mkdir "$tmp/busy"
sed -i "s|bild: nya/stjarna.svg|bild: $tmp/busy/nothere/x.svg|" \
    socialnamnden-2020.yaml
wait_rendering 6
touch "$tmp/busy/a.log" "$tmp/busy/b.log"
sleep 1
[ "$(state "s['rendering']")" = 6 ] ||
    fail "files beside a missing directory laid it out again: $(state "s['rendering']")"

# The port taken: said so, exit 3.
expect 3 "$hplan" serve norrmalm-2017.yaml --port "$port"
contains "$tmp/err" "cannot listen on 127.0.0.1, port $port"
kill -TERM "$pid"
wait "$pid" || fail "serve did not exit 0 on SIGTERM"
[ $status -eq 0 ] || cat "$tmp"/*.out "$tmp"/*.err
exit $status
