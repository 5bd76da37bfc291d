import Synchronization

/// One line of a simulation's trace: a delivered message, a lost one, a local happening, or a
/// fault the test injected.
public struct TraceEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A message delivered from one node to another (or to itself).
        case message(from: NodeName, to: NodeName)
        /// A message that never arrived: its link was down, or it was a cast chosen to be lost.
        case lost(from: NodeName, to: NodeName)
        /// Something that happened on one node: a process exit, a local DOWN, a timeout.
        case local(NodeName)
        /// A fault injected by the simulation: partition, heal, crash, restart, kill.
        case fault
    }

    /// Virtual time in microseconds since the simulation started.
    public var time: Int64
    public var kind: Kind
    /// What happened, e.g. `call a#3 <b.pg2> PG2Server.join(_:_:) ("g", "<a.1>")`.
    public var text: String

    /// The event as one line: `t=<µs> a -> b <what>`, `t=<µs> a -x b <what>` (lost),
    /// `t=<µs> a: <what>` (local) or `t=<µs> ! <what>` (fault).
    public var line: String {
        switch kind {
        case .message(let from, let to): "t=\(time) \(from) -> \(to) \(text)"
        case .lost(let from, let to): "t=\(time) \(from) -x \(to) \(text)"
        case .local(let node): "t=\(time) \(node): \(text)"
        case .fault: "t=\(time) ! \(text)"
        }
    }
}

/// Everything that happened in a simulation, in order, one ``TraceEvent`` per line — and the
/// marks a scenario put between the lines (``TraceMark``): where each of its phases begins, and
/// what it remarked on the way.
///
/// The trace is the simulation's observable output: two runs of one seed give byte-identical
/// traces, which is how the tests prove determinism. Render it as text (``text`` for the bare
/// events, ``annotatedText(title:narrative:)`` with a legend and the phases), as a Mermaid
/// sequence diagram (``mermaid(title:narrative:)``) or as a self-contained HTML page
/// (``html(title:narrative:)``).
public final class Trace: Sendable {
    private struct Record {
        var events: [TraceEvent] = []
        var marks: [TraceMark] = []
    }

    private let storage = Mutex(Record())
    private let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func record(_ event: TraceEvent) {
        guard enabled else { return }
        storage.withLock { $0.events.append(event) }
    }

    /// Puts a mark before the next event to be recorded.
    func mark(_ kind: TraceMark.Kind, _ text: String, at time: Int64) {
        guard enabled else { return }
        storage.withLock { $0.marks.append(TraceMark(position: $0.events.count, time: time, kind: kind, text: text)) }
    }

    /// Whether the simulation records events (benchmarks switch it off).
    public var isEnabled: Bool { enabled }

    /// All events so far.
    public var events: [TraceEvent] { storage.withLock { $0.events } }

    /// The phase and remark marks so far, in the order they were made (so by ``TraceMark/position``).
    public var marks: [TraceMark] { storage.withLock { $0.marks } }

    /// Events and marks, read together so that every mark's position is within the events.
    var snapshot: (events: [TraceEvent], marks: [TraceMark]) {
        storage.withLock { ($0.events, $0.marks) }
    }

    /// All events so far, one line each.
    public var lines: [String] { events.map(\.line) }

    /// The whole trace as text, one event per line, ending in a newline: the bare events, without
    /// the marks (see ``annotatedText(title:narrative:)`` for the version with a legend and phases).
    public var text: String { lines.map { $0 + "\n" }.joined() }

    /// The nodes that appear in the trace, sorted.
    public var nodes: [NodeName] { events.nodes }
}

/// How messages read in the trace.
enum MessageText {
    static func describe(
        _ message: Message, from sender: NodeName, to receiver: NodeName, codec: any WireCodec
    ) -> String {
        switch message {
        case .call(let request):
            let verb = request.oneWay ? "cast" : "call \(sender)#\(request.id)"
            let args = request.arguments.map(codec.describe).joined(separator: ", ")
            return "\(verb) \(request.target) \(CallNames.short(request.method)) (\(args))"
        case .reply(let id, .success(let payload)):
            return "reply \(receiver)#\(id) " + (payload.map(codec.describe) ?? "ok")
        case .reply(let id, .failure(let box)):
            return "reply \(receiver)#\(id) error \(box.error.description)"
        case .monitor(let ref, let pid): return "monitor \(pid) \(ref)"
        case .demonitor(let ref, let pid): return "demonitor \(pid) \(ref)"
        case .down(let ref, let pid, let reason): return "DOWN \(ref) \(pid) \(reason)"
        case .exit(let pid, let reason): return "exit \(pid) \(reason)"
        }
    }
}
