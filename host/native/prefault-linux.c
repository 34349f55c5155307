/*
 * Linked into the Linux executables (host/SwitchRole.Executable.targets). Before main, the NativeAOT runtime writes
 * its type data (the .hydrated section, about 1.4 MB in switchrole-host) into zero-filled memory, one page fault per
 * 4 KiB page. One madvise(MADV_POPULATE_WRITE) over .bss and .hydrated, from this constructor, maps those pages in
 * one system call instead: about a seventh of the host's cold start on a virtual machine, where page faults cost most.
 * It changes no protection and no layout (PIE, RELRO and the non-executable stack stay as linked). A kernel older than
 * 5.14 refuses the advice, and the pages are then faulted in one by one as before.
 */
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Defined by the GNU and LLVM linkers: the start of .bss and the end of the last writable section (.hydrated). */
extern char __bss_start[], _end[];

__attribute__((constructor)) static void switchrole_prefault(void)
{
    /* Whole pages only: the page .bss starts in is shared with .data, which is mapped from the file. */
    uintptr_t start = ((uintptr_t)__bss_start + 4095) & ~(uintptr_t)4095;
    uintptr_t end = (uintptr_t)_end;
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
}
