import Dispatch
import Foundation

/// One peer node, from the first dial or accept to the connection's end.
struct PeerSlot {
    enum Phase {
        /// This node is dialling (`attempt` is that dial).
        case dialing
        /// The peer said `nok` to our dial: its own dial to us is on the way.
        case awaitingPeer
        /// A dial from the peer is in its handshake.
        case accepting
        case up(Connection)
    }
    var phase: Phase
    var attempt: UInt64
    /// Frames sent before the connection was up, in order.
    var pending: [[UInt8]] = []
    var pendingBytes = 0

    var connection: Connection? {
        if case .up(let c) = phase { c } else { nil }
    }
}

/// The peers: one slot per node this node is dialling, accepting or connected to. Sends to a
/// node without a connection start a dial (as Erlang auto-connects) and wait in its slot; when
/// the connection comes up they go first, in order, and when the dial fails every monitor and
/// link of that node's processes ends with `noconnection`.
extension DistNode {
    /// The nodes connected right now, sorted (Erlang's `nodes(connected)`).
    public var connectedNodes: [String] {
        state.withLock { s in s.peers.compactMap { $0.value.connection == nil ? nil : $0.key }.sorted() }
    }

    /// Node events, starting with an `up` for every node connected when the stream is made.
    /// O(p log p) for the p peers, sorted to list the connected ones.
    public func events() -> AsyncStream<NodeEvent> {
        let (stream, continuation) = AsyncStream<NodeEvent>.makeStream()
        state.withLock { s in
            guard !s.stopped else { continuation.finish(); return }
            for (peer, slot) in s.peers.sorted(by: { $0.key < $1.key }) where slot.connection != nil {
                continuation.yield(.up(peer))
            }
            let id = s.newID()
            s.subscribers[id] = continuation
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
            }
        }
        return stream
    }

    /// Connects to `node` (a no-op when connected); true once connected, false if the dial
    /// failed or `timeout` passed. Clears an earlier ``disconnect(_:)``.
    /// - Complexity: O(1) when connected. Otherwise it joins the dial under way or starts one, on
    ///   a thread of its own: an EPMD look-up on the node's host (a TCP connect and one
    ///   PORT_PLEASE2 round trip), a TCP connect to the node, and the handshake (two round trips;
    ///   three when the peer answers `alive`; after a `nok`, up to `options.handshakeTimeout` for
    ///   the peer's own dial). The wait ends by `timeout` at the latest; the dial itself is bounded
    ///   by `options.connectTimeout` per connect and `options.handshakeTimeout` for the handshake.
    ///
    /// A `false` after `timeout` does not cancel the dial: it goes on in the background and may
    /// still connect later (``connectedNodes`` and the node events say when).
    @discardableResult
    public func connect(to node: String, timeout: Duration = .seconds(15)) async -> Bool {
        await connect(to: node, timeout: timeout, onPurpose: true)
    }

    /// As ``connect(to:timeout:)``; a connection not asked for by this node's user (a peer's
    /// `rpc` to `net_kernel:connect_node`) leaves a ``disconnect(_:)`` in force.
    func connect(to node: String, timeout: Duration, onPurpose: Bool) async -> Bool {
        guard NodeNames.isValid(node), node != name else { return node == name }
        let id = state.withLock { s -> UInt64? in
            if onPurpose {
                s.excluded.remove(node)
                s.retryAfter[node] = nil
            } else if s.excluded.contains(node) {
                return nil
            }
            return s.newID()
        }
        guard let id else { return false }
        return await withCheckedContinuation { continuation in
            let (done, dial) = state.withLock { s -> (Bool?, UInt64?) in
                if s.stopped { return (false, nil) }
                if s.peers[node]?.connection != nil { return (true, nil) }
                s.waiters[node, default: [:]][id] = continuation
                return (nil, beginDial(node, &s))
            }
            if let done { continuation.resume(returning: done); return }
            if let dial { startDial(node, attempt: dial) }
            let nanos =
                Int(timeout.components.seconds) * 1_000_000_000 + Int(timeout.components.attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos)) { [self] in
                let waiter = state.withLock { $0.waiters[node]?.removeValue(forKey: id) }
                waiter?.resume(returning: false)
            }
        }
    }

    /// Drops the connection to `node` (Erlang's `disconnect_node`) and keeps that link down: this
    /// node neither dials it by itself nor accepts its dials (`not_allowed`) until
    /// ``connect(to:timeout:)`` lifts that.
    /// - Complexity: O(1), and no frame: closing a live connection shuts its socket down. That
    ///   closing costs O(p + m + l) for this node's p processes and their m monitors and l links:
    ///   each one involving `node` fires its DOWN or exit signal; every event stream gets `down`.
    public func disconnect(_ node: String) {
        let connection = state.withLock { s -> Connection? in
            s.excluded.insert(node)
            return s.peers[node]?.connection
        }
        connection?.close("disconnected on purpose")
    }

    /// Starts a dial unless one is under way; returns the new attempt to start, if any.
    func beginDial(_ node: String, _ s: inout DistNodeState) -> UInt64? {
        guard s.peers[node] == nil, !s.stopped else { return nil }
        let attempt = s.newID()
        s.peers[node] = PeerSlot(phase: .dialing, attempt: attempt)
        return attempt
    }

    /// Queues `frame` for `node`: on its connection, or until the dial in progress (started
    /// here if need be) ends.
    func route(_ frame: [UInt8], to node: String) {
        let (connection, dial) = state.withLock { s -> (Connection?, UInt64?) in
            guard !s.stopped else { return (nil, nil) }
            if s.peers[node] == nil {
                guard let attempt = beginDial(node, &s) else { return (nil, nil) }
                s.peers[node]!.pending = [frame]
                s.peers[node]!.pendingBytes = frame.count
                return (nil, attempt)
            }
            if let c = s.peers[node]!.connection { return (c, nil) }
            if s.peers[node]!.pendingBytes + frame.count <= options.maxQueuedBytes {
                s.peers[node]!.pending.append(frame)
                s.peers[node]!.pendingBytes += frame.count
            }
            return (nil, nil)
        }
        connection?.send(frame)
        if let dial { startDial(node, attempt: dial) }
    }

    func attemptFailed(_ node: String, attempt: UInt64, why: String) {
        var effects = Effects()
        let waiters = state.withLock { s -> [CheckedContinuation<Bool, Never>] in
            guard let slot = s.peers[node], slot.attempt == attempt, slot.connection == nil else { return [] }
            s.peers[node] = nil
            let failures = (s.retryAfter[node]?.failures ?? 0) + 1
            s.retryAfter[node] = (failures, .now + .seconds(min(1 << min(failures, 6), 60)))
            effects.add(nodeLost(node, &s))
            return Array((s.waiters.removeValue(forKey: node) ?? [:]).values)
        }
        effects.run()
        for w in waiters { w.resume(returning: false) }
    }

    /// A handshake succeeded: the connection starts if the attempt still stands.
    func install(_ connection: Connection) -> Bool {
        let node = connection.peer.name
        let installed = state.withLock {
            s -> ([CheckedContinuation<Bool, Never>], [AsyncStream<NodeEvent>.Continuation])? in
            // A handshake that began before a `disconnect(_:)` of its peer must not end in a link.
            guard !s.stopped, !s.excluded.contains(node), let slot = s.peers[node], slot.attempt == connection.id,
                slot.connection == nil
            else { return nil }
            s.peers[node] = PeerSlot(phase: .up(connection), attempt: connection.id)
            for frame in slot.pending { connection.send(frame) }
            s.retryAfter[node] = nil
            if let host = NodeNames.split(node)?.host { s.knownHosts.insert(host) }
            return (Array((s.waiters.removeValue(forKey: node) ?? [:]).values), Array(s.subscribers.values))
        }
        guard let (waiters, subscribers) = installed else { return false }
        router?.peerUp(node)
        for w in waiters { w.resume(returning: true) }
        for s in subscribers { s.yield(.up(node)) }
        if connection.peer.flags.contains(.published) { meshAfterNodeUp(node) }
        return true
    }

    /// A socketless connection to `peer`, installed as up: tests and fuzzing drive it with
    /// ``Connection/receive(wire:)``.
    package func attachOffline(peer: String) -> Connection {
        let attempt = state.withLock { s -> UInt64 in
            let id = s.newID()
            s.peers[peer] = PeerSlot(phase: .accepting, attempt: id)
            return id
        }
        let connection = Connection(
            peer: Handshake.Peer(name: peer, flags: .swiftNode.subtracting(.published), creation: 1),
            id: attempt, socket: nil, limits: connectionLimits,
            onFrame: { [weak self] c, frame in self?.dispatch(frame, from: c) },
            onClose: { [weak self] c, reason in self?.connectionClosed(c, reason: reason) })
        _ = install(connection)
        return connection
    }

    func connectionClosed(_ connection: Connection, reason: String) {
        let node = connection.peer.name
        var effects = Effects()
        let (subscribers, wasUp) = state.withLock { s -> ([AsyncStream<NodeEvent>.Continuation], Bool) in
            let wasUp = s.peers[node]?.connection === connection
            if wasUp { s.peers[node] = nil }
            effects.add(nodeLost(node, &s))
            return (Array(s.subscribers.values), wasUp)
        }
        if !isStopped || reason != "this node stopped" { log("connection to \(node) closed: \(reason)") }
        effects.run()
        if wasUp { router?.peerDown(node) }
        for s in subscribers { s.yield(.down(node, reason: reason)) }
    }
}
