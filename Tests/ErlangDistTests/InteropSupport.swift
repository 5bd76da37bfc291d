@preconcurrency import Glibc
import Foundation
import Synchronization
import Testing
@testable import ErlangDist

/// Real Erlang for interop tests: an `epmd` and `erl` nodes per test, each started on free ports,
/// driven line by line, waited for with deadlines, and killed by pid — only what the test started.
enum Interop {
    /// Whether the interop tests run: only when asked (`PG2_INTEROP=1`, which `.ci/erlang-interop`
    /// sets: they start real Erlang nodes, so they run as a step of their own, not inside both
    /// modes of `workbook verify`), and then only if `erl` and `epmd` are on the PATH — if they
    /// are not, every interop test is skipped, loudly, and `.ci/erlang-interop` fails.
    static let available: Bool = {
        guard ProcessInfo.processInfo.environment["PG2_INTEROP"] == "1" else { return false }
        let found = ["erl", "epmd"].allSatisfy { tool in path(of: tool) != nil }
        if !found {
            FileHandle.standardError.write(Data("""
                ************************************************************************
                ErlangDist interop tests SKIPPED: `erl`/`epmd` not found on the PATH.
                Install Erlang/OTP (apt-get install -y erlang-base) to run them.
                ************************************************************************\n
                """.utf8))
        }
        return found
    }()

    static func path(of tool: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A TCP port nobody listens on right now.
    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)\(UInt32.random(in: 0...UInt32.max))@127.0.0.1"
    }

    static func randomCookie() -> String { "c" + String(UInt64.random(in: 0...UInt64.max), radix: 36) }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes; whether it held.
    static func eventually(_ timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// Log lines collected from a Swift node, for tests to look at.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}

/// A child process whose stdout is collected line by line.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lines = Mutex<[String]>([])

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let handle = output.fileHandleForReading
        SocketThreadsForTests.start { [self] in
            var partial = ""
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                partial += String(decoding: data, as: UTF8.self)
                while let newline = partial.firstIndex(of: "\n") {
                    let line = String(partial[..<newline])
                    partial = String(partial[partial.index(after: newline)...])
                    lines.withLock { $0.append(line) }
                }
            }
        }
    }

    var output_: [String] { lines.withLock { $0 } }

    func write(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The first output line after `index` with `prefix`, waiting up to `timeout`.
    func line(withPrefix prefix: String, timeout: Duration = .seconds(10)) async -> String? {
        var found: String?
        _ = await Interop.eventually(timeout) {
            found = lines.withLock { $0.first { $0.hasPrefix(prefix) } }
            return found != nil
        }
        return found
    }

    /// Kills the child (by its pid) and waits for it.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { kill() }
}

enum SocketThreadsForTests {
    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.start()
    }
}

/// `epmd -port N`, our own for one test.
final class TestEPMD: Sendable {
    let port: UInt16
    let child: ChildProcess

    init() async throws {
        port = Interop.freePort()
        child = try ChildProcess(Interop.path(of: "epmd")!, ["-port", String(port)])
        let up = await Interop.eventually(.seconds(10)) {
            (try? await EPMDClient.names(host: "127.0.0.1", epmdPort: port, timeout: .seconds(1))) != nil
        }
        #expect(up, "epmd -port \(port) did not come up")
    }

    func kill() { child.kill() }
}
