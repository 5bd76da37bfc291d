import Foundation
import ProcessGroups
import RealNodes
import Synchronization

// What one `pg2-node` holds while it runs: the real node, pg2 on it, OTP pg's default scope `pg`,
// and the processes `spawn` made. A spawned `ProcessActor` lives only while someone holds it, so
// the session keeps each one, by pid, until `kill` ends it.

/// The node and everything the commands work on.
final class Session: Sendable {
    let real: RealNode
    let pg2: ProcessGroups
    private let pgScope: ProcessGroups.Scope
    private let held = Mutex<[Pid: ProcessActor]>([:])

    /// Starts pg2's servers and the scope `pg` on `real`'s node, so peers get answers at once.
    init(real: RealNode) throws {
        self.real = real
        pg2 = ProcessGroups(node: real.node)
        try ProcessGroups.start(on: real.node)
        pgScope = try ProcessGroups.Scope.start("pg", on: real.node)
    }

    /// OTP pg's default scope. A `kill` of `<NODE.pg>` ends it; like the kernel's supervisor in
    /// Erlang, the session starts it again (empty, rule S3) when a `pg` command next needs it.
    var scope: ProcessGroups.Scope {
        if !pgScope.isRunning { _ = try? ProcessGroups.Scope.start(pgScope.name, on: node) }
        return pgScope
    }

    var node: Node { real.node }

    /// A new process of this node, held until ``kill(_:)``.
    func spawn() -> Pid {
        let process = node.spawnProcess()
        held.withLock { $0[process.id] = process }
        return process.id
    }

    /// Ends `pid`, local or remote, with `killed`, and lets go of it if this session held it.
    func kill(_ pid: Pid) {
        node.exit(pid, reason: .killed)
        // The actor is released after the lock is: its deinit calls back into the node.
        _ = held.withLock { $0.removeValue(forKey: pid) }
    }
}

/// How a command's answer reaches stdout: exactly one line per command, whatever it does.
enum Answer {
    static let ok = "ok"

    /// `error: …` for any error, with the error's own description.
    static func error(_ error: any Error) -> String { "error: \(error)" }

    /// Pids (or names) separated by single spaces; an empty line for none.
    static func list<T: CustomStringConvertible>(_ items: [T]) -> String {
        items.map(\.description).joined(separator: " ")
    }
}

/// A command the session cannot run as typed: unknown, wrong arity, a pid that is not one.
struct CommandError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
