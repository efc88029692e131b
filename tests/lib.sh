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
