/// Command-line options of `udp-echo-bench` (see `tools/bench/udp-echo.sh --help`).
struct BenchOptions {
    /// Seconds of load per server and round.
    var seconds = 5
    /// Rounds; each runs Beep then the plain echo, so load changes hit both alike.
    var rounds = 2
    /// Datagrams in flight at most.
    var window = 64
    /// Bytes per datagram.
    var datagramSize = 1200
    /// Datagrams per server and round at most (bounds the run on a fast machine).
    var maxDatagrams = 50_000_000

    static let usage = """
        usage: udp-echo-bench [--seconds N (1-60)] [--rounds N (1-10)] [--window N (1-1024)]
                              [--size BYTES (12-2048)] [--max-datagrams N]
        """

    /// Parses `arguments` (without the program name): the options, or what was wrong.
    static func parse(_ arguments: [String]) -> Result<BenchOptions, OptionError> {
        var options = BenchOptions()
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard index &+ 1 < arguments.count, let value = Int(arguments[index &+ 1]) else {
                return .failure(OptionError(message: "\(name) needs a whole number"))
            }
            switch name {
            case "--seconds" where (1...60).contains(value): options.seconds = value
            case "--rounds" where (1...10).contains(value): options.rounds = value
            case "--window" where (1...1024).contains(value): options.window = value
            case "--size" where (12...2048).contains(value): options.datagramSize = value
            case "--max-datagrams" where value >= 1: options.maxDatagrams = value
            default: return .failure(OptionError(message: "unknown option or value out of range: \(name) \(value)"))
            }
            index &+= 2
        }
        return .success(options)
    }
}

/// A command-line mistake, printed with the usage.
struct OptionError: Error {
    let message: String
}
