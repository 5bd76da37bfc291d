import Foundation

/// Where blocking socket work runs: on threads of its own, never on Swift's cooperative pool.
///
/// The pool has one thread per core; a read that waits for a silent peer would take one of them
/// away from every task in the process. So each connection's reader and writer, the listener,
/// the EPMD server and every dial get a plain thread, and `async` callers wait for their results
/// through a continuation.
enum SocketThreads {
    /// The stack of every socket thread: a decoded term's nesting is bounded
    /// (``ExternalTermFormat/maxDepth``), and this holds it with room to spare.
    static let stackSize = 16 << 20

    /// Starts `body` on a new thread named `name`.
    static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Runs blocking `body` on a new thread and returns its result to the awaiting task.
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start(name) { continuation.resume(with: Result { try body() }) }
        }
    }
}
