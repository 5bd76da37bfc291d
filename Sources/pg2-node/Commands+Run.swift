import Synchronization

// How a typed line becomes its one line of answer: found in the table, run, caught, timed.
// Writes can wait — pg2 takes a cluster-wide lock — so every command gets 30 seconds, after
// which the answer is `error: timed out` and the node goes on to the next line.

extension Commands {
    /// How long a command may take before its answer is `error: timed out`.
    static let timeLimit: Duration = .seconds(30)

    /// The one line that answers `words`: the command's result, or `error: …`.
    static func answer(_ words: [String], session: Session) async -> String {
        let command: Command, arguments: Arguments
        do {
            (command, arguments) = try find(words)
        } catch {
            return Answer.error(error)
        }
        return await withTimeLimit(timeLimit) {
            do {
                return try await command.run(session, arguments)
            } catch {
                return Answer.error(error)
            }
        }
    }

    /// What a terminal sees once, before the first prompt: one paragraph, its commands from the table.
    static func banner(node: String) -> String {
        "pg2 on \(node), a real Erlang node: one command a line, one answer a line. Commands: "
            + all.map(\.name).joined(separator: ", ")
            + ". The pg ones are OTP pg's, scope pg; the others pg2's. A pid, as spawn prints it,"
            + " can be typed into any node. help COMMAND explains one; quit or ctrl-D stops the node."
    }
}

/// Runs `work` but answers `error: timed out` after `limit`, leaving `work` to finish unheard
/// (a pg2 write waiting on the cluster lock does not stop when it is cancelled).
func withTimeLimit(_ limit: Duration, _ work: @escaping @Sendable () async -> String) async -> String {
    let first = FirstAnswer()
    return await withCheckedContinuation { continuation in
        first.wait(continuation)
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { first.give("error: timed out") }
        }
        Task {
            let line = await work()
            timer.cancel()
            first.give(line)
        }
    }
}

/// The first of two answers, which resumes the waiting command; the second is dropped.
private final class FirstAnswer: Sendable {
    private let waiting = Mutex<CheckedContinuation<String, Never>?>(nil)

    func wait(_ continuation: CheckedContinuation<String, Never>) { waiting.withLock { $0 = continuation } }

    func give(_ line: String) { waiting.withLock { $0.take() }?.resume(returning: line) }
}
