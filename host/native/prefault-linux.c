/*
 * Linked into the Linux executables (host/SwitchRole.Executable.targets). Every browser connect starts a process, and
 * on a virtual machine a page fault is expensive (11-15 us each on the shadow-paging guest this is measured on, against
 * about 1 us for a page populated by madvise). Before main, two constructors map in one system call each the memory
 * the start is known to write page by page:
 * - the type data: the NativeAOT runtime writes it (the .hydrated section, about 0.95 MB in switchrole-host) into
 *   zero-filled memory before main: about a seventh of the host's cold start;
 * - the malloc heap: the runtime's own structures and SQLite's connection, caches and parsed schema fill about 300 KB
 *   of it before the first reply: about 1 ms of a slow phase's 14 ms, less when the machine is quiet.
 * Neither changes a protection or the layout (PIE, RELRO and the non-executable stack stay as linked). A kernel older
 * than 5.14 refuses the advice, and the pages are then faulted in one by one as before.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Defined by the GNU and LLVM linkers: the start of .bss and the end of the last writable section (.hydrated). */
extern char __bss_start[], _end[];

static void populate(uintptr_t start, uintptr_t end)
{
    /* Whole pages only: a partial first page is shared with what lies before it. */
    start = (start + 4095) & ~(uintptr_t)4095;
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
}

__attribute__((constructor)) static void switchrole_prefault(void)
{
    populate((uintptr_t)__bss_start, (uintptr_t)_end);

#ifdef __GLIBC__
    /* The heap's first extension covers what start-up uses (glibc grows it by 128 KB plus this pad at a time). */
    mallopt(M_TOP_PAD, 384 * 1024);
    uintptr_t before = (uintptr_t)sbrk(0);
    free(malloc(16));
    populate(before, (uintptr_t)sbrk(0));
#endif
}
