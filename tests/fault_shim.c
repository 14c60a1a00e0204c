/*
 * Fault injection at the system-call boundary, for the storage tests (tests/faults.py).
 *
 * Preloaded into a child Python (LD_PRELOAD), this library stands in front of
 * the C library's write, sync and rename calls: the ones Python's os module
 * makes for the CSV backend, and the ones SQLite makes for itself, which no
 * Python code can reach. Armed through ctypes, it makes the Nth call of one
 * kind fail with one errno, as SQLite's test VFS does for SQLite's own tests.
 *
 * Kinds: 0 = write (write, pwrite, pwrite64, writev), 1 = sync (fsync, fdatasync),
 * 2 = rename (rename, renameat, renameat2, link, linkat).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static int counting = 0;
static int armed_kind = -1;
static long armed_nth = 0;
static int armed_errno = 0;
static int fired = 0;
static long calls[3];

void fault_count(void) {
    calls[0] = calls[1] = calls[2] = 0;
    armed_kind = -1;
    fired = 0;
    counting = 1;
}

void fault_arm(int kind, long nth, int error) {
    fault_count();
    armed_kind = kind;
    armed_nth = nth;
    armed_errno = error;
}

void fault_stop(void) {
    counting = 0;
    armed_kind = -1;
}

long fault_calls(int kind) { return calls[kind]; }

int fault_fired(void) { return fired; }

/* Count one call; 1 (with errno set) when it is the one that must fail. */
static int fails(int kind) {
    if (!counting) return 0;
    calls[kind]++;
    if (!fired && kind == armed_kind && calls[kind] == armed_nth) {
        fired = 1;
        errno = armed_errno;
        return 1;
    }
    return 0;
}

/* The C library's own function, found once. */
#define REAL(name) \
    static __typeof__(&name) real_##name; \
    if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t count) {
    REAL(write);
    if (fails(0)) return -1;
    return real_write(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    REAL(pwrite);
    if (fails(0)) return -1;
    return real_pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset) {
    REAL(pwrite64);
    if (fails(0)) return -1;
    return real_pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    REAL(writev);
    if (fails(0)) return -1;
    return real_writev(fd, iov, iovcnt);
}

int fsync(int fd) {
    REAL(fsync);
    if (fails(1)) return -1;
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    if (fails(1)) return -1;
    return real_fdatasync(fd);
}

int rename(const char *old, const char *new) {
    REAL(rename);
    if (fails(2)) return -1;
    return real_rename(old, new);
}

int renameat(int olddir, const char *old, int newdir, const char *new) {
    REAL(renameat);
    if (fails(2)) return -1;
    return real_renameat(olddir, old, newdir, new);
}

int renameat2(int olddir, const char *old, int newdir, const char *new, unsigned int flags) {
    REAL(renameat2);
    if (fails(2)) return -1;
    return real_renameat2(olddir, old, newdir, new, flags);
}

int link(const char *old, const char *new) {
    REAL(link);
    if (fails(2)) return -1;
    return real_link(old, new);
}

int linkat(int olddir, const char *old, int newdir, const char *new, int flags) {
    REAL(linkat);
    if (fails(2)) return -1;
    return real_linkat(olddir, old, newdir, new, flags);
}
