/*
 * Cold start of a native-messaging host, measured the way a browser pays it: spawn the binary with
 * chrome-extension://<id>/ as its argument, write one hello frame, read one reply frame. Prints, per host, a
 * line "median min max" in milliseconds over RUNS runs (after 3 untimed warm-up runs each).
 * Usage: bench RUNS ARG HOST [HOST...]; a HOST written +PATH also sends $BENCH_SECOND_REQUEST after hello.
 * The hosts take turns run by run, so a burst of load on this shared machine hits all of them alike and
 * their ratio stays meaningful.
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int read_exactly(int fd, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

/* Writes one frame and reads one reply frame, which must say "ok":true; anything else ends the bench. */
static void request(int to_host, int from_host, const char *host, const char *json, const char *what) {
    static char reply[1 << 20];
    uint32_t len = (uint32_t)strlen(json), reply_len;
    if (write(to_host, &len, 4) != 4 || write(to_host, json, len) != (ssize_t)len) { fprintf(stderr, "write failed\n"); exit(2); }
    if (read_exactly(from_host, &reply_len, 4) || reply_len > sizeof reply || read_exactly(from_host, reply, reply_len)) {
        fprintf(stderr, "%s: no reply frame to %s\n", host, what);
        exit(2);
    }
    if (!memmem(reply, reply_len, "\"ok\":true", 9)) {
        fprintf(stderr, "%s: %s failed: %.*s\n", host, what, (int)reply_len, reply);
        exit(2);
    }
}

static double one_run(char *const argv[], int with_second) {
    int in[2], out[2];
    if (pipe(in) || pipe(out)) { perror("pipe"); exit(2); }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);

    const char *hello = "{\"id\":1,\"action\":\"hello\",\"browser\":\"bench\"}";
    pid_t pid;
    double start = now_ms();
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) { perror("posix_spawn"); exit(2); }
    close(in[0]);
    close(out[1]);
    request(in[1], out[0], argv[0], hello, "hello");
    /* BENCH_SECOND_REQUEST: a request sent once hello is answered, timed to its first reply frame (what a
       browser's first real request pays on a cold host). */
    const char *second = getenv("BENCH_SECOND_REQUEST");
    if (with_second && second && *second) request(in[1], out[0], argv[0], second, "the second request");
    double elapsed = now_ms() - start;
    close(in[1]); /* EOF: the host exits */
    close(out[0]);
    waitpid(pid, NULL, 0);
    posix_spawn_file_actions_destroy(&fa);
    return elapsed;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: bench RUNS ARG HOST [HOST...]\n"); return 2; }
    int runs = atoi(argv[1]);
    int hosts = argc - 3;
    double **t = calloc((size_t)hosts, sizeof *t);
    for (int h = 0; h < hosts; h++) {
        const char *path = argv[3 + h];
        int with_second = path[0] == '+';
        char *host_argv[] = { (char *)(with_second ? path + 1 : path), argv[2], NULL };
        for (int i = 0; i < 3; i++) one_run(host_argv, with_second);
        t[h] = calloc((size_t)runs, sizeof **t);
    }
    for (int i = 0; i < runs; i++) {
        for (int h = 0; h < hosts; h++) {
            const char *path = argv[3 + h];
            int with_second = path[0] == '+';
            char *host_argv[] = { (char *)(with_second ? path + 1 : path), argv[2], NULL };
            t[h][i] = one_run(host_argv, with_second);
        }
    }
    for (int h = 0; h < hosts; h++) {
        qsort(t[h], (size_t)runs, sizeof **t, compare);
        double median = runs % 2 ? t[h][runs / 2] : (t[h][runs / 2 - 1] + t[h][runs / 2]) / 2;
        printf("%.2f %.2f %.2f\n", median, t[h][0], t[h][runs - 1]);
    }
    return 0;
}
