@preconcurrency import Glibc
import Foundation
import Synchronization

/// A child process whose stdout is collected line by line.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lines = Mutex<[String]>([])
    /// How many lines ``nextLine(timeout:)`` has handed out.
    private let consumed = Mutex(0)

    /// Starts `executable` with `arguments`, and `environment` over this process's own; its
    /// standard output and error are collected as lines. Cost: one child process and one thread
    /// that reads its output as it comes; returns once the child is started, without waiting on it.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
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

    public var output_: [String] { lines.withLock { $0 } }

    /// Writes `line` and a newline to the child's standard input; a failed write is ignored.
    /// O(the line's length): one write, which blocks only while the pipe is full.
    public func write(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The first output line with `prefix`, waiting up to `timeout`; nil if none came. Cost in real
    /// time: at most about `timeout`, polling every 20 ms (`Interop.eventually(_:_:)`), each poll
    /// O(l) for the l lines collected so far.
    public func line(withPrefix prefix: String, timeout: Duration = .seconds(10)) async -> String? {
        var found: String?
        _ = await Interop.eventually(timeout) {
            found = lines.withLock { $0.first { $0.hasPrefix(prefix) } }
            return found != nil
        }
        return found
    }

    /// The next output line not yet handed out by this method, waiting up to `timeout`; nil if
    /// none came. (Lines are read in order; ``line(withPrefix:timeout:)`` does not move this on.)
    /// Cost in real time: at most about `timeout`, polling every 2 ms, each poll O(1).
    public func nextLine(timeout: Duration = .seconds(10)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = consumed.withLock { index -> String? in
                lines.withLock { all in
                    guard index < all.count else { return nil }
                    index += 1
                    return all[index - 1]
                }
            }
            if let found { return found }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool { process.isRunning }

    /// Kills the child (by its pid) and waits for it. Cost: one SIGKILL, then a wait for the exit,
    /// with no timeout (SIGKILL makes it prompt).
    public func kill() {
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
