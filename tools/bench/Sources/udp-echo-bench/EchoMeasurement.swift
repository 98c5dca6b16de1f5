import CUDPLoad
import Glibc

/// One load run against one server: what the C load generator counted.
struct EchoMeasurement {
    let server: String
    let round: Int
    let result: beep_udp_load_result
    /// CPU nanoseconds the server's event loop thread used during the load (drain included).
    let serverCPUNanoseconds: Int64

    /// Share of one core the server thread used while the clock ran.
    var serverCPUPercent: Double {
        result.elapsed_ns > 0 ? Double(serverCPUNanoseconds) * 100 / Double(result.elapsed_ns) : 0
    }

    /// Share of one core the client (load generator) thread used while the clock ran.
    var clientCPUPercent: Double {
        result.elapsed_ns > 0 ? Double(result.client_cpu_ns) * 100 / Double(result.elapsed_ns) : 0
    }

    /// Echoes per CPU-second of the server thread: the rate one fully busy core would reach.
    var echoedPerCPUSecond: Double {
        serverCPUNanoseconds > 0 ? Double(result.echoed_total) * 1e9 / Double(serverCPUNanoseconds) : 0
    }

    /// Echoes received per second while the clock ran.
    var echoedPerSecond: Double {
        result.elapsed_ns > 0 ? Double(result.echoed_in_time) * 1e9 / Double(result.elapsed_ns) : 0
    }

    /// Datagrams sent whose echo never came back, even after the drain.
    var lost: Int64 { max(0, result.sent &- result.echoed_total) }

    /// `lost` as a percentage of `sent`.
    var lossPercent: Double { result.sent > 0 ? Double(lost) * 100 / Double(result.sent) : 0 }

    /// Opens a client socket, lets `server` admit it, runs the load, closes the socket.
    static func run(against server: some EchoServer, round: Int, options: BenchOptions) throws -> EchoMeasurement {
        let fd = beep_udp_load_open(server.port, 4 << 20)
        guard fd >= 0 else { throw BenchFailure(description: "client socket: errno \(errno)") }
        defer { close(fd) }
        try server.admit(clientSocket: fd)
        var loadOptions = beep_udp_load_options(
            datagram_size: options.datagramSize, window: Int32(options.window),
            duration_ns: Int64(options.seconds) * 1_000_000_000, max_datagrams: Int64(options.maxDatagrams),
            loss_timeout_ns: 100_000_000)
        var result = beep_udp_load_result()
        let cpuBefore = server.cpuClock.nanoseconds()
        guard beep_udp_load_run(fd, &loadOptions, &result) == 0 else {
            throw BenchFailure(description: "load generator failed: errno \(errno)")
        }
        let cpuUsed = server.cpuClock.nanoseconds() &- cpuBefore
        return EchoMeasurement(server: server.name, round: round, result: result, serverCPUNanoseconds: cpuUsed)
    }
}
