/*
 * Runs a fuzz harness on the files given, without libFuzzer: the crashes
 * the fuzzers found are kept as regression tests this way, in every build.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fileio.h"
#include "xml_in.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char *argv[])
{
	struct diag d;
	int i;

	diag_init(&d, stderr);
	for (i = 1; i < argc; i++) {
		char *data;
		size_t len;

		if (fileio_read(argv[i], XML_IN_MAX_BYTES, &data, &len, &d) != 0)
			return 1;
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
	}
	printf("%d passed, 0 failed\n", argc - 1);
	return 0;
}
