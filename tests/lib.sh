# Sourced by the shell tests: a temporary directory $tmp removed on exit;
# fail(), which marks the test failed and goes on, so that one run shows
# every fault; expect and contains.  The test ends with "exit $status".
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() {
	echo "FAIL: $*"
	status=1
}
# expect STATUS COMMAND...: runs the command, output in $tmp/out, $tmp/err.
expect() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "'$*' exited with $got, want $want"
}
# contains FILE TEXT: FILE holds TEXT.
contains() {
	grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 300 "$1")"
}
# served_port FILE SECONDS: the port hplan serve printed into FILE, waited
# for SECONDS at most; nothing when it never came.
served_port() {
	for _ in $(seq $(($2 * 10))); do
		sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$1" |
		    grep . && return
		sleep 0.1
	done
}
