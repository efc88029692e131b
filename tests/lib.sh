# Sourced by the shell tests: a temporary directory $tmp removed on exit,
# and fail(), which marks the test failed and goes on, so that one run
# shows every fault.  The test ends with "exit $status".
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() {
	echo "FAIL: $*"
	status=1
}
