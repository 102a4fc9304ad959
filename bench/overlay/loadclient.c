/*
 * bench/overlay's client in C (run.sh's default; CLIENT=java runs LoadClient.java, the client
 * before it, with the same semantics and output). It shares the two cores with the server it
 * measures, so it does as little as it can: no JVM, no selector objects, one epoll_ctl(2) per
 * connection, the answer read into one scratch buffer per thread (only its first KiB kept, to
 * check the status and Content-Length), unless SAVE_DIR asks for the bodies.
 *
 * NODES connections, each bound to its node's own loopback address (127.1.i/250.i%250+1) before
 * the gate, driven by THREADS threads (default 1; run.sh uses 2), each with an epoll set and every
 * THREADS-th node. At the gate each thread calls connect(2) for all of its share at once, writes
 * "GET /nodes/MAC/overlay" (MAC fc:ab:00:00:HH:LL) as soon as a connect completes and reads to
 * the end (Connection: close). Prints one line: how many got 200 and the whole body
 * (Content-Length checked); p50, p99 and max in ms from the gate to the last byte; p50 and p99
 * from each connection's own connect(2) to its last byte; the client threads' CPU time and its
 * user part. With SAVE_DIR, writes each body to SAVE_DIR/nodes/MAC/overlay (nginx's files).
 *
 *   loadclient PORT NODES [SAVE_DIR] [THREADS]
 *
 * Built by run.sh: gcc -O2 -pthread -o loadclient loadclient.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_NS 60000000000LL
#define HEAD_KEPT 1024
#define SCRATCH (256 * 1024)

struct conn {
    int node;
    int fd;
    char request[96];
    int request_len;
    int request_sent;
    /* The answer's first bytes, for the check; all of it when saving. */
    char *answer;
    size_t kept, cap;
    size_t length;
    long long connected;  /* when its connect(2) was called, ns from the gate */
    long long latency;    /* to its last byte, ns from the gate; -1 while open */
    const char *error;
};

struct worker {
    pthread_t thread;
    int first;
    long long cpu_ns, user_ns;
};

static struct conn *conns;
static int nodes, threads, saving;
static struct sockaddr_in server;
static pthread_barrier_t ready, gate;
static struct timespec start;

static long long since_start(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start.tv_sec) * 1000000000LL + (now.tv_nsec - start.tv_nsec);
}

static void done(int epfd, struct conn *c, const char *error, int *open) {
    c->latency = since_start();
    if (error && !c->error) c->error = error;
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    (*open)--;
}

static int send_request(struct conn *c) {
    while (c->request_sent < c->request_len) {
        ssize_t w = write(c->fd, c->request + c->request_sent, c->request_len - c->request_sent);
        if (w < 0) return errno == EAGAIN ? 0 : -1;
        c->request_sent += (int) w;
    }
    return 0;
}

/* Reads what is there; 1 at the end of the answer, 0 for more to come, -1 on an error. */
static int receive(struct conn *c, char *scratch) {
    for (;;) {
        char *into = scratch;
        size_t room = SCRATCH;
        if (saving) {
            if (c->cap - c->kept < 64 * 1024) {
                c->cap = c->cap * 2 + 64 * 1024;
                c->answer = realloc(c->answer, c->cap);
                if (!c->answer) { perror("realloc"); exit(2); }
            }
            into = c->answer + c->kept;
            room = c->cap - c->kept;
        }
        ssize_t r = read(c->fd, into, room);
        if (r < 0) return errno == EAGAIN ? 0 : -1;
        if (r == 0) return 1;
        if (saving) {
            c->kept += (size_t) r;
        } else if (c->kept < HEAD_KEPT) {
            size_t n = (size_t) r < HEAD_KEPT - c->kept ? (size_t) r : HEAD_KEPT - c->kept;
            memcpy(c->answer + c->kept, scratch, n);
            c->kept += n;
        }
        c->length += (size_t) r;
    }
}

static void *run(void *arg) {
    struct worker *w = arg;
    int epfd = epoll_create1(0);
    char *scratch = malloc(SCRATCH);
    struct epoll_event events[256];
    if (epfd < 0 || !scratch) { perror("epoll_create1"); exit(2); }
    memset(scratch, 0, SCRATCH);
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&gate);
    int open = 0;
    for (int n = w->first; n < nodes; n += threads) {
        struct conn *c = &conns[n];
        c->connected = since_start();
        if (connect(c->fd, (struct sockaddr *) &server, sizeof server) < 0 && errno != EINPROGRESS) {
            c->error = strerror(errno);
            c->latency = since_start();
            close(c->fd);
            c->fd = -1;
            continue;
        }
        /* Edge-triggered, in and out at once: the connect's completion shows as writable, the
           answer as readable, with no second epoll_ctl to switch from one to the other. */
        struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c };
        epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
        open++;
    }
    while (open > 0) {
        long long left = TIMEOUT_NS - since_start();
        if (left <= 0) {
            for (int n = w->first; n < nodes; n += threads) {
                if (conns[n].fd >= 0) done(epfd, &conns[n], "timed out after 60 s", &open);
            }
            break;
        }
        int k = epoll_wait(epfd, events, 256, (int) (left / 1000000) + 1);
        for (int i = 0; i < k; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->fd < 0) continue;
            if ((events[i].events & EPOLLOUT) && c->request_sent < c->request_len) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err) { done(epfd, c, strerror(err), &open); continue; }
                if (send_request(c) < 0) { done(epfd, c, strerror(errno), &open); continue; }
            }
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                int r = receive(c, scratch);
                if (r != 0) done(epfd, c, r < 0 ? strerror(errno) : NULL, &open);
            }
        }
    }
    struct timespec cpu;
    struct rusage ru;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    getrusage(RUSAGE_THREAD, &ru);
    w->cpu_ns = cpu.tv_sec * 1000000000LL + cpu.tv_nsec;
    w->user_ns = ru.ru_utime.tv_sec * 1000000000LL + ru.ru_utime.tv_usec * 1000LL;
    close(epfd);
    free(scratch);
    return NULL;
}

/* What is wrong with an answer, or NULL: 200 and a body of its Content-Length. */
static const char *check(struct conn *c, char *line, size_t size, size_t *body_at) {
    size_t kept = c->kept < HEAD_KEPT ? c->kept : HEAD_KEPT;
    char head[HEAD_KEPT + 1];
    memcpy(head, c->answer, kept);
    head[kept] = 0;
    char *end = strstr(head, "\r\n\r\n");
    long length = -1;
    for (char *h = head; end && h < end; h = strstr(h, "\r\n") + 2) {
        if (strncasecmp(h, "content-length:", 15) == 0) length = strtol(h + 15, NULL, 10);
    }
    if (strncmp(head, "HTTP/1.1 200", 12) != 0 || !end || (long) (c->length - (size_t) (end - head) - 4) != length) {
        if (kept == 0) return "(nothing)";
        size_t n = strcspn(head, "\r\n");
        snprintf(line, size, "%.*s", (int) n, head);
        return line;
    }
    *body_at = (size_t) (end - head) + 4;
    return NULL;
}

static int by_value(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static int p99(int n) {
    return (int) ((n * 99 + 99) / 100) - 1;  /* ceil(n * 0.99) - 1, as LoadClient.java */
}

static void save(const char *dir, struct conn *c, size_t body_at) {
    char path[4096];
    snprintf(path, sizeof path, "%s/nodes", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/nodes/fc:ab:00:00:%02x:%02x", dir, c->node >> 8, c->node & 0xff);
    mkdir(path, 0755);
    strncat(path, "/overlay", sizeof path - strlen(path) - 1);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(c->answer + body_at, 1, c->length - body_at, f) != c->length - body_at || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: loadclient PORT NODES [SAVE_DIR] [THREADS]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    nodes = atoi(argv[2]);
    const char *save_dir = argc > 3 && argv[3][0] ? argv[3] : NULL;
    threads = argc > 4 ? atoi(argv[4]) : 1;
    saving = save_dir != NULL;
    if (nodes < 1 || nodes > 62500 || threads < 1 || threads > 64) {
        fprintf(stderr, "NODES: 1..62500, THREADS: 1..64\n");
        return 2;
    }
    /* One descriptor a node: raise the soft limit to the hard one. */
    struct rlimit nofile;
    getrlimit(RLIMIT_NOFILE, &nofile);
    nofile.rlim_cur = nofile.rlim_max;
    setrlimit(RLIMIT_NOFILE, &nofile);

    server.sin_family = AF_INET;
    server.sin_port = htons((uint16_t) port);
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    conns = calloc((size_t) nodes, sizeof *conns);
    for (int n = 0; n < nodes; n++) {
        struct conn *c = &conns[n];
        c->node = n;
        c->latency = -1;
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0) { perror("socket"); return 2; }
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct sockaddr_in own = { .sin_family = AF_INET };
        own.sin_addr.s_addr = htonl((127u << 24) | (1u << 16) | ((unsigned) (n / 250) << 8) | (unsigned) (n % 250 + 1));
        if (bind(c->fd, (struct sockaddr *) &own, sizeof own) < 0) { perror("bind"); return 2; }
        c->request_len = snprintf(c->request, sizeof c->request,
                "GET /nodes/fc:ab:00:00:%02x:%02x/overlay HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n",
                n >> 8, n & 0xff);
        c->cap = saving ? 32 * 1024 : HEAD_KEPT;
        c->answer = malloc(c->cap);
        if (!c->answer) { perror("malloc"); return 2; }
        memset(c->answer, 0, c->cap);  /* its pages touched now, not in the round */
    }
    struct worker *workers = calloc((size_t) threads, sizeof *workers);
    pthread_barrier_init(&ready, NULL, (unsigned) threads + 1);
    pthread_barrier_init(&gate, NULL, (unsigned) threads + 1);
    for (int t = 0; t < threads; t++) {
        workers[t].first = t;
        pthread_create(&workers[t].thread, NULL, run, &workers[t]);
    }
    pthread_barrier_wait(&ready);
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_barrier_wait(&gate);
    long long cpu = 0, user = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(workers[t].thread, NULL);
        cpu += workers[t].cpu_ns;
        user += workers[t].user_ns;
    }

    long long *latency = malloc(sizeof(long long) * (size_t) nodes);
    long long *own = malloc(sizeof(long long) * (size_t) nodes);
    int served = 0;
    const char *first_error = NULL;
    char line[256];
    for (int n = 0; n < nodes; n++) {
        struct conn *c = &conns[n];
        size_t body_at = 0;
        const char *problem = c->error ? c->error : check(c, line, sizeof line, &body_at);
        latency[n] = c->latency >= 0 ? c->latency : TIMEOUT_NS;
        own[n] = c->latency >= 0 ? c->latency - c->connected : TIMEOUT_NS;
        if (!problem) {
            served++;
            if (save_dir) save(save_dir, c, body_at);
        } else if (!first_error) {
            first_error = problem == line ? strdup(line) : problem;
        }
    }
    qsort(latency, (size_t) nodes, sizeof *latency, by_value);
    qsort(own, (size_t) nodes, sizeof *own, by_value);
    printf("served %d/%d p50 %.1f p99 %.1f max %.1f ms; from its connect p50 %.1f p99 %.1f ms; client CPU %lld ms (user %lld)%s%s\n",
            served, nodes, latency[nodes / 2] / 1e6, latency[p99(nodes)] / 1e6, latency[nodes - 1] / 1e6,
            own[nodes / 2] / 1e6, own[p99(nodes)] / 1e6, cpu / 1000000, user / 1000000,
            first_error ? " first error: " : "", first_error ? first_error : "");
    return 0;
}
