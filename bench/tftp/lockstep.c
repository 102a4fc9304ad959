// Lockstep TFTP read on loopback that times the server's answer to every ACK: from the ACK's
// send(2) to the next DATA's recv(2) returning. A diagnostic for single-transfer speed (see
// LOG.md, "tftp6"); the client costs little, so the server's share shows more than with curl.
//   gcc -O2 -o /tmp/lockstep bench/tftp/lockstep.c
//   /tmp/lockstep PORT FILE BLKSIZE
// prints MiB/s, the answer time in us at the 10th..90th percentiles, the 99th, and the mean
// time per block (the client's part included). Exits 1 on a packet out of order.
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PORT FILE BLKSIZE\n", argv[0]);
        return 2;
    }
    int blksize = atoi(argv[3]);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in server = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);

    char rrq[600];
    int n = 0;
    rrq[n++] = 0;
    rrq[n++] = 1;
    n += snprintf(rrq + n, 256, "%s", argv[2]) + 1;
    n += sprintf(rrq + n, "octet") + 1;
    n += sprintf(rrq + n, "blksize") + 1;
    n += sprintf(rrq + n, "%d", blksize) + 1;

    static char buf[65536 + 4];
    size_t cap = 1 << 21;
    double *answer = malloc(cap * sizeof(double));
    long answers = 0, bytes = 0;
    unsigned short expect = 1;
    unsigned char ack[4] = {0, 4, 0, 0};

    double t0 = now_us();
    sendto(s, rrq, n, 0, (struct sockaddr *) &server, sizeof server);
    struct sockaddr_in from;
    socklen_t fromlen = sizeof from;
    int r = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *) &from, &fromlen);
    connect(s, (struct sockaddr *) &from, sizeof from); // the server's TID from here on
    if (r >= 2 && buf[1] == 6) { // OACK: ACK 0, then DATA 1
        send(s, ack, 4, 0);
        double sent = now_us();
        r = recv(s, buf, sizeof buf, 0);
        answer[answers++] = now_us() - sent;
    }
    for (;;) {
        if (r < 4 || buf[1] != 3) {
            fprintf(stderr, "not DATA (opcode %d)\n", r >= 2 ? buf[1] : -1);
            return 1;
        }
        unsigned short block = (unsigned char) buf[2] << 8 | (unsigned char) buf[3];
        if (block != expect) {
            fprintf(stderr, "block %u, expected %u\n", block, expect);
            return 1;
        }
        bytes += r - 4;
        ack[2] = buf[2];
        ack[3] = buf[3];
        send(s, ack, 4, 0);
        if (r - 4 < blksize) {
            break;
        }
        expect++;
        double sent = now_us();
        r = recv(s, buf, sizeof buf, 0);
        if (answers < (long) cap) {
            answer[answers++] = now_us() - sent;
        }
    }
    double t1 = now_us();
    qsort(answer, answers, sizeof(double), by_value);
    printf("%.1f MiB/s  answer us:", bytes / (t1 - t0) / 1.048576);
    for (int q = 10; q < 100; q += 10) {
        printf(" %.1f", answer[answers * q / 100]);
    }
    printf(" p99 %.1f  per block %.1f\n", answer[answers * 99 / 100], (t1 - t0) / answers);
    return 0;
}
