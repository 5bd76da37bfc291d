@preconcurrency import Glibc
import Dispatch
import Foundation
import Synchronization

// Child processes for `pg2-bench real`: `pg2-node`s, `erl` nodes and their `epmd`s. Each is a
// Foundation `Process` with pipes on stdin and stdout; its stdout is read, a line at a time, by a
// thread of its own (never the cooperative pool, which the in-process node runs on), and every
// wait for a line has a deadline. Every child is recorded, by pid, in ``Children``: whatever way
// the bench ends — done, an error, ctrl-C — it ends them, and nothing it did not start.

/// Why talking to a child failed.
struct ChildError: Error, CustomStringConvertible {
    let description: String
}

/// Every child this bench started and has not yet seen end, by pid.
enum Children {
    private static let live = Mutex<[pid_t: String]>([:])

    static func add(_ pid: pid_t, _ label: String) { live.withLock { $0[pid] = label } }
    static func remove(_ pid: pid_t) { _ = live.withLock { $0.removeValue(forKey: pid) } }

    /// Sends `signal` to every child still recorded as running.
    static func signalAll(_ signal: Int32) {
        for pid in live.withLock({ Array($0.keys) }) { kill(pid, signal) }
    }

    /// Ends every child still running: SIGTERM, then SIGKILL for any left after `grace`.
    static func endAll(grace: Duration = .seconds(2)) async {
        signalAll(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while !live.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        signalAll(SIGKILL)
    }

    /// On ctrl-C or SIGTERM, ends the children before the bench exits. The handler only writes a
    /// byte to a pipe (all a signal handler may safely do); a thread reading it ends the children.
    /// The signals are handled, not ignored, so the children start with the default actions.
    static func endOnSignals() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        signalPipe = fds[1]
        let readEnd = fds[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) < 0, errno == EINTR {}
            signalAll(SIGKILL)
            exit(130)
        }
        reader.name = "pg2-bench signals"
        reader.start()
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { _ in
                var byte: UInt8 = 1
                _ = write(Children.signalPipe, &byte, 1)
            }
        }
    }

    /// The pipe's writing end, for the signal handler; set once, before any handler is installed.
    nonisolated(unsafe) static var signalPipe: Int32 = -1
}

/// Set once, by the child's termination handler.
final class ExitFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

/// One child process: commands in on stdin, answers out a line at a time on stdout.
final class ChildProcess: @unchecked Sendable {
    let label: String
    let pid: pid_t
    private let process: Process
    private let input: FileHandle
    private let lines = LineQueue()
    private let exited = ExitFlag()
    /// What the child writes to stderr: only its last lines are kept, for error messages.
    private let errors = LineQueue(keeping: 20)

    /// Starts `executable` with `arguments`, `environment` added to this process's own.
    init(_ label: String, executable: String, arguments: [String], environment: [String: String] = [:]) throws {
        self.label = label
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = self.exited
        process.terminationHandler = { p in
            exited.set()
            Children.remove(p.processIdentifier)
        }
        do {
            try process.run()
        } catch {
            throw ChildError(description: "cannot start \(label) (\(executable)): \(error)")
        }
        self.process = process
        self.pid = process.processIdentifier
        Children.add(pid, label)
        self.input = stdin.fileHandleForWriting
        // The child's ends are the child's: closing ours lets EOF through when it exits.
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        Self.read(stdout.fileHandleForReading.fileDescriptor, label: "\(label) stdout", into: lines)
        Self.read(stderr.fileHandleForReading.fileDescriptor, label: "\(label) stderr", into: errors)
        pipes = (stdout, stderr)
    }

    /// The pipes whose reading ends the threads read, kept open while the child lives.
    private var pipes: (Pipe, Pipe)?

    /// Reads `fd` on a thread of its own until end of file.
    private static func read(_ fd: Int32, label: String, into queue: LineQueue) {
        let thread = Thread {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
            defer { buffer.deallocate() }
            while true {
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                queue.feed(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
            queue.finish()
        }
        thread.name = label
        thread.start()
    }

    var isRunning: Bool { !exited.isSet }

    /// What the child last wrote to stderr.
    var stderrTail: String { errors.tail(5).joined(separator: " | ") }

    /// Writes `lines` to the child's stdin, each with a newline.
    func send(_ lines: [String]) throws {
        guard isRunning else { throw ChildError(description: "\(label) has exited (\(stderrTail))") }
        let data = Data(lines.map { $0 + "\n" }.joined().utf8)
        do { try input.write(contentsOf: data) } catch {
            throw ChildError(description: "cannot write to \(label): \(error)")
        }
    }

    /// The child's next line, within `timeout`.
    func readLine(within timeout: Duration = .seconds(20), waitingFor what: @autoclosure () -> String) async throws
        -> String
    {
        switch await lines.next(within: timeout) {
        case .line(let line): return line
        case .end: throw ChildError(description: "\(label) ended while \(what()) (\(stderrTail))")
        case .timeout: throw ChildError(description: "\(label): no answer within \(timeout) while \(what())")
        }
    }

    /// Lines until one satisfies `accept` (earlier ones are skipped: start-up chatter), within `timeout`.
    func readLine(until accept: (String) -> Bool, within timeout: Duration, waitingFor what: String) async throws
        -> String
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw ChildError(description: "\(label): no \(what) within \(timeout)") }
            let line = try await readLine(within: left, waitingFor: what)
            if accept(line) { return line }
        }
    }

    /// Sends `command` and returns its one-line answer.
    func ask(_ command: String, within timeout: Duration = .seconds(20)) async throws -> String {
        try send([command])
        return try await readLine(within: timeout, waitingFor: "answering `\(command.prefix(60))`")
    }

    /// Sends every command at once, then reads one answer for each, in order.
    func askAll(_ commands: [String], within timeout: Duration = .seconds(30)) async throws -> [String] {
        try send(commands)
        let deadline = ContinuousClock.now + timeout
        var answers: [String] = []
        answers.reserveCapacity(commands.count)
        for command in commands {
            let left = deadline - ContinuousClock.now
            answers.append(
                try await readLine(within: max(left, .milliseconds(1)), waitingFor: "answering `\(command)`"))
        }
        return answers
    }

    /// Ends the child: `quit` (if given) and end of input, then SIGTERM, then SIGKILL, each with
    /// a bounded wait. Safe to call twice.
    func stop(quit: String? = nil, grace: Duration = .seconds(2)) async {
        if isRunning, let quit { try? send([quit]) }
        try? input.close()
        if await waitForExit(within: grace) { return }
        if isRunning { kill(pid, SIGTERM) }
        if await waitForExit(within: grace) { return }
        if isRunning { kill(pid, SIGKILL) }
        _ = await waitForExit(within: grace)
    }

    /// True once the child has exited, false if it still runs after `timeout`.
    private func waitForExit(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }
}

/// Runs `body` with a list that the children it starts go in, and stops each of them afterwards,
/// also when `body` throws.
func withChildren<T>(_ body: (ChildList) async throws -> T) async throws -> T {
    let list = ChildList()
    do {
        let result = try await body(list)
        await list.stopAll()
        return result
    } catch {
        await list.stopAll()
        throw error
    }
}

/// The children one part of the bench started, stopped together, last started first.
final class ChildList: @unchecked Sendable {
    private let children = Mutex<[(ChildProcess, String?)]>([])

    /// Records `child`; `quit` is the command that ends it politely.
    @discardableResult
    func add(_ child: ChildProcess, quit: String? = nil) -> ChildProcess {
        children.withLock { $0.append((child, quit)) }
        return child
    }

    func stopAll() async {
        let all = children.withLock { list in
            defer { list = [] }; return list
        }
        for (child, quit) in all.reversed() { await child.stop(quit: quit) }
    }
}

/// The full path of `program` on `PATH`, if it is there.
func findOnPath(_ program: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(program)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
