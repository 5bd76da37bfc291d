@preconcurrency import Glibc
import Foundation
import Synchronization

/// Real processes for the tests that need them (ErlangDistTests, RealNodeTests): an `epmd` and
/// `erl` nodes per test, each started on free ports, driven line by line, waited for with
/// deadlines, and killed by pid — only what the test started.
public enum Interop {
    /// Whether the interop tests run: only when asked (`PG2_INTEROP=1`, which `.ci/erlang-interop`
    /// sets: they start real Erlang nodes, so they run as a step of their own, not inside both
    /// modes of `workbook verify`), and then only if `erl` and `epmd` are on the PATH — if they
    /// are not, every interop test is skipped, loudly, and `.ci/erlang-interop` fails.
    public static let available: Bool = {
        guard ProcessInfo.processInfo.environment["PG2_INTEROP"] == "1" else { return false }
        let found = ["erl", "epmd"].allSatisfy { tool in path(of: tool) != nil }
        if !found {
            FileHandle.standardError.write(
                Data(
                    """
                    ************************************************************************
                    Interop tests SKIPPED: `erl`/`epmd` not found on the PATH.
                    Install Erlang/OTP (apt-get install -y erlang-base) to run them.
                    ************************************************************************\n
                    """.utf8))
        }
        return found
    }()

    /// The path of the executable `tool` in the first directory of `PATH` that has one, or nil.
    /// O(d) for `PATH`'s d directories: one file-system check each.
    public static func path(of tool: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A TCP port nobody listens on right now. O(1): a socket bound to port 0 on 127.0.0.1, asked
    /// which port it got, and closed — so the port is free, not reserved.
    public static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A node name unlikely to be in use: `prefix`, a random number, `@127.0.0.1`. O(the length
    /// of `prefix`).
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)\(UInt32.random(in: 0...UInt32.max))@127.0.0.1"
    }

    /// A fresh random cookie, `c` and a random 64-bit number in base 36. O(1).
    public static func randomCookie() -> String { "c" + String(UInt64.random(in: 0...UInt64.max), radix: 36) }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes; whether it held.
    ///
    /// Cost in real time: at most about `timeout` plus one last poll, and what the polls themselves
    /// take; `condition` runs at most about timeout / 20 ms + 1 times. (In a cancelled task the
    /// sleeps end at once, so the polls run back to back until the deadline.)
    public static func eventually(_ timeout: Duration = .seconds(10), _ condition: () async throws -> Bool)
        async rethrows -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// Log lines collected from a Swift node, for tests to look at.
public final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    /// No lines yet. O(1).
    public init() {}
    public var all: [String] { lines.withLock { $0 } }
    public var sink: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    /// Whether any line contains `text`. O(the lines' total length).
    public func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}
