/* The floor: the smallest native-messaging host in C. Reads one frame, answers a hello-shaped reply, exits on EOF. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int read_exactly(int fd, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

int main(void) {
    static char body[1 << 20];
    uint32_t len;
    while (read_exactly(0, &len, 4) == 0) {
        if (len > sizeof body || read_exactly(0, body, len) != 0) return 1;
        const char *reply = "{\"id\":1,\"ok\":true,\"result\":{\"hostVersion\":\"c\",\"protocolVersion\":1}}";
        uint32_t out = (uint32_t)strlen(reply);
        if (write(1, &out, 4) != 4 || write(1, reply, out) != (ssize_t)out) return 1;
    }
    return 0;
}
