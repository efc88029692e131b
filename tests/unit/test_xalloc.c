/*
 * Allocation failure: an allocation the system refuses ends hplan with
 * exit status 3 and one message, from the wrappers every module uses.
 * Run by tests/CMakeLists.txt, which checks the status and the message.
 */
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "xalloc.h"

int
main(void)
{
	struct buf b = { 0 };

	/* Far beyond any address space, so malloc() refuses at once. */
	buf_add(&b, "x", 1);
	(void)xrealloc(b.data, SIZE_MAX / 2);
	puts("xrealloc returned");
	return 0;
}
