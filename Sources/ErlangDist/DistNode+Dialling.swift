import Dispatch
import Foundation

/// Dialling and accepting: the two ways a connection begins, and how they settle who wins.
///
/// To dial `b@host`, a node asks EPMD on `host` for `b`'s port, connects, and runs the
/// handshake as the dialler. Every accepted socket runs it as the acceptor, on a thread of its
/// own. Both may happen at once between the same two nodes; each attempt carries an id, and only
/// the attempt that owns the peer's slot when its handshake ends becomes the connection.
/// - Simultaneous dials: the acceptor whose own name is greater answers `nok` and keeps its
///   dial; the other answers `ok_simultaneous` and gives its own up.
/// - A dial to a node already connected is answered `alive`; the dialler says `true` (replace
///   it: the old connection is stale) unless a connection it accepted meanwhile owns the peer.
extension DistNode {
    func acceptLoop(_ listener: Socket) {
        while let socket = try? listener.accept() {
            if isStopped { socket.shutdown(); return }
            let attempt = state.withLock { $0.newID() }
            SocketThreads.start("dist-accept-handshake") { [self] in accept(socket, attempt: attempt) }
        }
    }

    private func accept(_ socket: Socket, attempt: UInt64) {
        var accepted: String?
        do {
            let peer = try Handshake.accept(
                HandshakeChannel(socket: socket, timeout: options.handshakeTimeout), me: identity,
                decide: { peer in
                    let decision = decideAccept(peer, attempt: attempt)
                    if decision == .ok || decision == .okSimultaneous { accepted = peer }
                    return decision
                },
                replaced: { peer in
                    accepted = peer
                    let old = state.withLock { s -> Connection? in
                        guard let slot = s.peers[peer], case .up(let c) = slot.phase else { return nil }
                        s.peers[peer] = PeerSlot(phase: .accepting, attempt: attempt)
                        return c
                    }
                    old?.close("\(peer) connected again: its old connection is stale")
                })
            connectionUp(peer, socket: socket, attempt: attempt)
        } catch {
            log("refused a connection\(accepted.map { " from \($0)" } ?? ""): \(error)")
            socket.shutdown()
            if let peer = accepted { attemptFailed(peer, attempt: attempt, why: "\(error)") }
        }
    }

    /// The acceptor's choice on a dialler's name, as Erlang's `dist_util` makes it.
    private func decideAccept(_ peer: String, attempt: UInt64) -> Handshake.AcceptDecision {
        state.withLock { s in
            if s.stopped || s.excluded.contains(peer) { return .notAllowed }
            guard let slot = s.peers[peer] else {
                s.peers[peer] = PeerSlot(phase: .accepting, attempt: attempt)
                return .ok
            }
            switch slot.phase {
            case .up: return .alive
            case .accepting: return .nok
            case .dialing, .awaitingPeer:
                // Simultaneous connect: the greater name keeps its own dial.
                if Array(name.utf8).lexicographicallyPrecedes(Array(peer.utf8)) {
                    s.peers[peer]!.phase = .accepting
                    s.peers[peer]!.attempt = attempt
                    return .okSimultaneous
                }
                return .nok
            }
        }
    }

    func startDial(_ node: String, attempt: UInt64) {
        guard isOnline else {
            attemptFailed(node, attempt: attempt, why: "this node is offline")
            return
        }
        SocketThreads.start("dist-dial \(node)") { [self] in
            guard let (alive, host) = NodeNames.split(node) else { return }
            var socket: Socket?
            do {
                guard
                    let entry = try EPMDClient.lookupBlocking(
                        alive, host: host, epmdPort: options.epmdPort,
                        timeout: options.connectTimeout)
                else {
                    throw DialError("EPMD on \(host) knows no node \(alive)")
                }
                let connected = try Socket.connect(host: host, port: entry.port, timeout: options.connectTimeout)
                socket = connected
                let peer = try Handshake.dial(
                    HandshakeChannel(socket: connected, timeout: options.handshakeTimeout),
                    me: identity, expected: node,
                    stillAlive: { peer in
                        // The peer says we are connected already. True only if another attempt (an
                        // accepted connection) owns the peer now; then this dial gives way.
                        state.withLock { s in s.peers[peer].map { $0.attempt != attempt } ?? true }
                    })
                connectionUp(peer, socket: connected, attempt: attempt)
            } catch HandshakeError.refused("nok", _) {
                socket?.shutdown()
                awaitPeer(node, attempt: attempt)
            } catch HandshakeError.refused("alive", _) {
                socket?.shutdown()  // a connection accepted meanwhile owns the peer: this dial gives way
                attemptFailed(node, attempt: attempt, why: "already connected")
            } catch {
                socket?.shutdown()
                log("could not connect to \(node): \(error)")
                attemptFailed(node, attempt: attempt, why: "\(error)")
            }
        }
    }

    /// Our dial got `nok`: the peer's own dial will arrive; give it one handshake timeout.
    private func awaitPeer(_ node: String, attempt: UInt64) {
        state.withLock { s in
            if s.peers[node]?.attempt == attempt { s.peers[node]!.phase = .awaitingPeer }
        }
        let nanos = Int(options.handshakeTimeout.components.seconds) * 1_000_000_000
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos)) { [self] in
            attemptFailed(node, attempt: attempt, why: "it said nok but never dialled back")
        }
    }

    /// A dial or accept ended without a connection: if it was still the peer's attempt, the
    /// peer is forgotten and everything waiting on it learns `noconnection`.

    func connectionUp(_ peer: Handshake.Peer, socket: Socket, attempt: UInt64) {
        let connection = Connection(
            peer: peer, id: attempt, socket: socket, limits: connectionLimits,
            onFrame: { [weak self] c, frame in self?.dispatch(frame, from: c) },
            onClose: { [weak self] c, reason in self?.connectionClosed(c, reason: reason) })
        guard install(connection) else {
            socket.shutdown()
            return
        }
        connection.start()
    }

    /// Makes `connection` the peer's, flushing what waited for it; false if its attempt lost.
}

struct DialError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
