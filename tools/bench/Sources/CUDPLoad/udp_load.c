#define _GNU_SOURCE
#include "udp_load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum { max_window = 1024, max_datagram = 2048 };

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t thread_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void set_receive_timeout(int fd, int64_t ns) {
    struct timeval tv = { .tv_sec = ns / 1000000000, .tv_usec = (ns % 1000000000) / 1000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

int beep_udp_load_open(uint16_t port, int buffer_bytes) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
    struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons(port) };
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (const struct sockaddr *)&server, sizeof server) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

long beep_udp_load_exchange(int fd, const uint8_t *datagram, size_t length,
                            uint8_t *reply, size_t capacity, int timeout_ms) {
    if (send(fd, datagram, length, 0) < 0) return -1;
    set_receive_timeout(fd, (int64_t)timeout_ms * 1000000);
    return (long)recv(fd, reply, capacity, 0);
}

/// Writes the counter into bytes 4-11 of a datagram (distinct contents per datagram).
static void stamp(uint8_t *datagram, uint64_t counter) {
    for (int i = 0; i < 8; i++) datagram[4 + i] = (uint8_t)(counter >> (56 - 8 * i));
}

int beep_udp_load_run(int fd, const struct beep_udp_load_options *options,
                      struct beep_udp_load_result *result) {
    memset(result, 0, sizeof *result);
    const int window = options->window;
    const size_t size = options->datagram_size;
    if (window < 1 || window > max_window || size < 12 || size > max_datagram
        || options->duration_ns <= 0 || options->loss_timeout_ns <= 0) {
        errno = EINVAL;
        return -1;
    }
    uint8_t *send_area = calloc((size_t)window, size);
    uint8_t *receive_area = calloc((size_t)window, max_datagram);
    struct mmsghdr *send_headers = calloc((size_t)window, sizeof *send_headers);
    struct mmsghdr *receive_headers = calloc((size_t)window, sizeof *receive_headers);
    struct iovec *send_vectors = calloc((size_t)window, sizeof *send_vectors);
    struct iovec *receive_vectors = calloc((size_t)window, sizeof *receive_vectors);
    int status = 0;
    if (!send_area || !receive_area || !send_headers || !receive_headers || !send_vectors || !receive_vectors) {
        status = -1;
        goto done;
    }
    for (int i = 0; i < window; i++) {
        uint8_t *datagram = send_area + (size_t)i * size;
        datagram[0] = 0x80;
        datagram[1] = 0x60;
        for (size_t j = 12; j < size; j++) datagram[j] = (uint8_t)j;
        send_vectors[i] = (struct iovec){ .iov_base = datagram, .iov_len = size };
        send_headers[i].msg_hdr.msg_iov = &send_vectors[i];
        send_headers[i].msg_hdr.msg_iovlen = 1;
        receive_vectors[i] = (struct iovec){ .iov_base = receive_area + (size_t)i * max_datagram,
                                             .iov_len = max_datagram };
        receive_headers[i].msg_hdr.msg_iov = &receive_vectors[i];
        receive_headers[i].msg_hdr.msg_iovlen = 1;
    }
    set_receive_timeout(fd, options->loss_timeout_ns);

    int in_flight = 0;
    uint64_t counter = 0;
    const int64_t start_cpu = thread_cpu_ns();
    const int64_t start = now_ns();
    const int64_t deadline = start + options->duration_ns;
    int64_t now = start;
    while (now < deadline && (options->max_datagrams == 0 || result->sent < options->max_datagrams)) {
        int wanted = window - in_flight;
        if (options->max_datagrams > 0 && options->max_datagrams - result->sent < wanted) {
            wanted = (int)(options->max_datagrams - result->sent);
        }
        if (wanted > 0) {
            for (int i = 0; i < wanted; i++) stamp(send_area + (size_t)i * size, counter++);
            int sent = sendmmsg(fd, send_headers, (unsigned)wanted, 0);
            if (sent > 0) {
                result->sent += sent;
                in_flight += sent;
            } else if (sent < 0) {
                result->errors++;
                result->last_errno = errno;
            }
        }
        int received = recvmmsg(fd, receive_headers, (unsigned)window, MSG_WAITFORONE, NULL);
        now = now_ns();
        if (received > 0) {
            for (int i = 0; i < received; i++) {
                if (receive_headers[i].msg_len != size) result->wrong_length++;
            }
            result->echoed_in_time += received;
            // Echoes of datagrams already declared lost may still arrive: never go below 0.
            in_flight = received >= in_flight ? 0 : in_flight - received;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            result->timeouts++;
            in_flight = 0;
        } else {
            result->errors++;
            result->last_errno = errno;
        }
    }
    result->elapsed_ns = now - start;
    result->client_cpu_ns = thread_cpu_ns() - start_cpu;

    // Collect what is still in flight so that loss = sent - echoed_total.
    result->echoed_total = result->echoed_in_time;
    set_receive_timeout(fd, 200000000);
    for (;;) {
        int received = recvmmsg(fd, receive_headers, (unsigned)window, MSG_WAITFORONE, NULL);
        if (received <= 0) break;
        result->echoed_total += received;
    }
done:
    free(send_area);
    free(receive_area);
    free(send_headers);
    free(receive_headers);
    free(send_vectors);
    free(receive_vectors);
    return status;
}
