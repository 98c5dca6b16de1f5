import BeepParserFuzzing

#if canImport(Glibc)
import Glibc
#endif

/// The parser this process fuzzes, chosen by `BEEP_FUZZ_TARGET` (see `ParserFuzzTarget`).
nonisolated(unsafe) var selectedTarget: ParserFuzzTarget?

/// libFuzzer calls this once before fuzzing: picks the target and, when `BEEP_FUZZ_SEED_DIR`
/// names a folder, writes the built-in seed corpus there.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let name = getenv("BEEP_FUZZ_TARGET").map({ String(cString: $0) }),
          let target = ParserFuzzTarget(rawValue: name) else {
        let names = ParserFuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
        printError("beep-fuzz: set BEEP_FUZZ_TARGET to one of: \(names)")
        exit(2)
    }
    selectedTarget = target
    if let folder = getenv("BEEP_FUZZ_SEED_DIR").map({ String(cString: $0) }) {
        for (index, seed) in SeedCorpus.seeds(for: target).enumerated() {
            let path = "\(folder)/builtin-\(index)"
            guard let file = fopen(path, "wb") else { continue }
            _ = seed.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
        }
    }
    return 0
}

/// One input: a parser refusing it is fine; an invariant violation aborts so libFuzzer keeps
/// the input as a crash artifact.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selectedTarget else { return 0 }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if case .invariantViolated(let what) = target.run(bytes) {
        printError("beep-fuzz: \(target.rawValue): \(what)")
        abort()
    }
    return 0
}

/// Writes a line to standard error without touching the C `stderr` global.
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}

/// libFuzzer's driver entry (compiler-rt `FuzzerInterface.h`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM names an executable's entry point `<module>_main`; this one hands the process to
/// libFuzzer's driver (whose own `main` is then not linked).
@_cdecl("beep_fuzz_main")
public func beepFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzerTestOneInput(data, size) }
}
