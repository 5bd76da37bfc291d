/// A change in a node's connections: Erlang's `{nodeup, Node}` / `{nodedown, Node}` from
/// `net_kernel:monitor_nodes(true)`.
public enum NodeEvent: Hashable, Sendable, CustomStringConvertible {
    case nodeUp(NodeName)
    case nodeDown(NodeName)

    public var description: String {
        switch self {
        case .nodeUp(let node): "nodeup \(node)"
        case .nodeDown(let node): "nodedown \(node)"
        }
    }
}

extension Node {
    /// Subscribes to this node's connection changes.
    ///
    /// The stream starts with one `nodeUp` per peer already connected (sorted), so a subscriber
    /// that arrives late still knows who is there — Erlang's `monitor_nodes` does not replay, and
    /// pg2 calls `nodes()` for that; folding both into one stream leaves no gap between them.
    /// Then it guarantees, per peer: `nodeUp` before any message over that connection; DOWNs for
    /// monitors lost with the connection before its `nodeDown`. The stream ends when this node
    /// halts, and the subscription ends when the stream is released.
    /// - Complexity: O(p log p) for the p peers connected now (one `nodeUp` queued for each).
    public func nodeEvents() -> NodeEvents {
        let mailbox = Mailbox<NodeEvent>()
        let id = state.withLock { s -> UInt64 in
            s.nextSubscriber += 1
            for peer in s.peers.sorted() { mailbox.send(.nodeUp(peer)) }
            if s.alive { s.subscribers[s.nextSubscriber] = mailbox } else { mailbox.finish() }
            return s.nextSubscriber
        }
        return NodeEvents(node: self, id: id, mailbox: mailbox)
    }

    func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}

/// A node's stream of ``NodeEvent``s; see ``Node/nodeEvents()``.
///
/// Iterate it with `for await event in events` (one consumer), or take events one at a time
/// with ``next()``. Built on ``Mailbox``, so iteration stays on the node's executor.
public final class NodeEvents: AsyncSequence, Sendable {
    public typealias Element = NodeEvent
    private let node: Node
    private let id: UInt64
    private let mailbox: Mailbox<NodeEvent>

    init(node: Node, id: UInt64, mailbox: Mailbox<NodeEvent>) {
        self.node = node
        self.id = id
        self.mailbox = mailbox
    }

    deinit { node.unsubscribe(id) }

    /// The next event; `nil` once the node halted. O(1) amortised (a ``Mailbox`` receive).
    public func next() async -> NodeEvent? { await mailbox.next() }

    /// The events already waiting, without suspending. O(k) for k events.
    public func drain() -> [NodeEvent] { mailbox.drain() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let events: NodeEvents
        /// The next event, waiting for one if none is there. O(1) amortised.
        public mutating func next() async -> NodeEvent? { await events.next() }
    }

    /// An iterator over the events, as `next()`. O(1).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: self) }
}
