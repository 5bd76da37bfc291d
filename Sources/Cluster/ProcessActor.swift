import Distributed

/// A small general-purpose process: what tests and examples spawn when they need "a pid".
///
/// In Erlang anything can be a process; here a process is a distributed actor, and this one
/// offers a few calls that exercise the substrate: an echo, a cast target that remembers what it
/// was sent, a call that throws a typed error, a slow call for timeouts, and a call that makes a
/// call of its own. Spawn it with ``Node/spawnProcess()``; it lives while someone holds it, and
/// ends (`normal`) when the last reference goes, or when ``Node/exit(_:reason:)`` ends its pid.
public distributed actor ProcessActor {
    public typealias ActorSystem = Node

    private var notes: [String] = []

    /// Replies with `text`. O(1) locally; a caller on another node pays a message each way,
    /// O(length of `text`) to encode.
    public distributed func echo(_ text: String) -> String { text }

    /// Does nothing; a round trip. O(1); a caller on another node pays a message each way.
    public distributed func ping() {}

    /// Remembers `note`; the usual target of a cast. O(1) amortised; one message from a remote
    /// caster.
    public distributed func remember(_ note: String) { notes.append(note) }

    /// Everything remembered so far, in arrival order. O(1) locally (a copy-on-write array); a
    /// caller on another node pays a message each way, O(total length of the notes) to encode.
    public distributed func recall() -> [String] { notes }

    /// Throws ``ProcessError/failed(_:)`` — a `Codable` error, which the caller catches as itself.
    /// O(1); a caller on another node pays a message each way.
    public distributed func fail(_ reason: String) throws { throw ProcessError.failed(reason) }

    /// Waits `milliseconds` on its node's clock, then replies with its node's time in µs. O(1):
    /// one timer; a caller on another node pays a message each way.
    public distributed func wait(milliseconds: Int) async throws -> Int64 {
        try await actorSystem.clock.sleep(for: .milliseconds(milliseconds))
        return actorSystem.clock.now.microseconds
    }

    /// Calls `other.echo(text)` and returns its reply: a call made while serving a call. Cost:
    /// one call, a message each way if `other` is on another node (O(1) if local), and the same
    /// again for a remote caller of this one.
    public distributed func relay(_ text: String, via other: ProcessActor) async throws -> String {
        try await other.echo(text)
    }
}

/// The error ``ProcessActor/fail(_:)`` throws.
public enum ProcessError: Error, Codable, Hashable, Sendable {
    case failed(String)
}
