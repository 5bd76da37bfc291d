/// What the explorer may do next at a point where nothing is ready: deliver the oldest message of
/// one link direction, let the next timer fire, or inject a fault the scenario offered.
///
/// Options are listed oldest message first (by the order they were sent), then the timer, then the
/// faults in the order the scenario offered them: option 0 is always "oldest-first", and picking
/// any other is a *deviation*.
public struct ExplorerOption: Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The head of the lane `from → to`.
        case deliver(from: NodeName, to: NodeName)
        /// The earliest timer fires (virtual time jumps to it).
        case timer
        /// The scenario's offered fault with this label, e.g. `reconnect a b`.
        case fault(String)
    }

    public let kind: Kind
    /// The message, for a delivery.
    let message: Message?

    /// `c -> a call c#5 <a.pg2> ExchangeServer.leave(_:_:) ("g", "<c.1>")`, `timer`, or
    /// `fault reconnect a b`. Renders the message's payload: O(payload bytes).
    public var description: String {
        switch kind {
        case .deliver(let from, let to):
            let text = message.map { MessageText.describe($0, from: from, to: to, codec: JSONWireCodec()) } ?? "?"
            return "\(from) -> \(to) \(text)"
        case .timer: return "the next timer fires"
        case .fault(let label): return "fault: \(label)"
        }
    }

    /// A digest of the option that is the same in every process of one build: the lane and the
    /// message's kind (with a call's method), the timer, or the fault's label. O(1).
    var signature: UInt64 {
        switch kind {
        case .deliver(let from, let to):
            var parts = [from.rawValue, to.rawValue]
            switch message {
            case .call(let request)?: parts += [request.oneWay ? "cast" : "call", request.method]
            case .reply?: parts.append("reply")
            case .monitor?: parts.append("monitor")
            case .demonitor?: parts.append("demonitor")
            case .down?: parts.append("down")
            case .exit?: parts.append("exit")
            case nil: break
            }
            return stableHash(parts)
        case .timer: return stableHash(["timer"])
        case .fault(let label): return stableHash(["fault", label])
        }
    }
}

/// A point where the explorer chooses: nothing is ready, and more than one thing could happen.
public struct ChoicePoint: Sendable {
    /// The branch point's number in the run, from 0.
    public let step: Int
    /// What could happen next, oldest-first first (see ``ExplorerOption``).
    public let options: [ExplorerOption]
    /// A hash of every node's ordered inputs so far, the messages in flight (in their order) and
    /// the faults still offered: equal fingerprints mean the same cluster state, as far as the
    /// explorer can tell. Only comparable within one process.
    public let fingerprint: Int

    /// A digest of the options offered, stable across processes: a replay must be offered the same. O(options).
    public var signature: UInt64 { stableHash(options.map { String($0.signature) }) }
}
