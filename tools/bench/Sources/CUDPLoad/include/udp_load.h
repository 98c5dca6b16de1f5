// A UDP load generator for the echo benchmark (tools/bench/udp-echo.sh): keeps a bounded
// window of datagrams in flight to a loopback echo server and counts the echoes, with
// batched system calls (sendmmsg/recvmmsg) so that the client is not the bottleneck.
#ifndef BEEP_UDP_LOAD_H
#define BEEP_UDP_LOAD_H

#include <stddef.h>
#include <stdint.h>

/// What one run sends.
struct beep_udp_load_options {
    /// Bytes per datagram (12...2048); the first byte is 0x80 (RTP-shaped), bytes 4-11 a counter.
    size_t datagram_size;
    /// Datagrams in flight at most (1...1024).
    int window;
    /// Measured duration in nanoseconds.
    int64_t duration_ns;
    /// Stops earlier after sending this many datagrams (0: no limit).
    int64_t max_datagrams;
    /// Echoes missing for this long count as lost and the window is refilled.
    int64_t loss_timeout_ns;
};

/// What one run measured.
struct beep_udp_load_result {
    /// Datagrams sent.
    int64_t sent;
    /// Echoes received while the clock ran (the throughput numerator).
    int64_t echoed_in_time;
    /// Echoes received in total, including the drain after the clock stopped.
    int64_t echoed_total;
    /// Echoes whose length differed from the datagram size.
    int64_t wrong_length;
    /// Times the window was declared lost after `loss_timeout_ns` of silence.
    int64_t timeouts;
    /// Send or receive errors other than timeouts (errno of the last one in `last_errno`).
    int64_t errors;
    int last_errno;
    /// Measured wall-clock time in nanoseconds.
    int64_t elapsed_ns;
    /// CPU time of the calling (client) thread over the same period, in nanoseconds.
    int64_t client_cpu_ns;
};

/// A UDP socket connected to 127.0.0.1:`port` with `buffer_bytes` of SO_RCVBUF and SO_SNDBUF.
/// Returns the descriptor, or -1 with errno set.
int beep_udp_load_open(uint16_t port, int buffer_bytes);

/// Sends `datagram` once on `fd` and waits up to `timeout_ms` for one reply into `reply`.
/// Returns the reply length, or -1 (errno set; EAGAIN on timeout).
long beep_udp_load_exchange(int fd, const uint8_t *datagram, size_t length,
                            uint8_t *reply, size_t capacity, int timeout_ms);

/// Runs the load on a connected socket. Returns 0, or -1 for invalid options (errno EINVAL)
/// or when buffers cannot be allocated.
int beep_udp_load_run(int fd, const struct beep_udp_load_options *options,
                      struct beep_udp_load_result *result);

#endif
