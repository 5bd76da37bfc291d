/// Processes that live above a ``DistNode`` rather than in it: the frames addressed to them go to
/// a router, which speaks for them.
///
/// The workbook's real host is one: its processes are the substrate's actors, with their own
/// table, and the node hands it every frame before looking at its own processes. The router
/// answers true for frames it took (addressed to one of its processes, or to one of its calls),
/// false for the rest, which the node handles as before. It hears a peer's arrival before any
/// frame of that connection, and its departure after the node has ended its own monitors and
/// links of that peer.
package protocol DistRouter: AnyObject, Sendable {
    func route(_ frame: Frame, from peer: String) -> Bool
    func peerUp(_ peer: String)
    func peerDown(_ peer: String)
}

extension DistNode {
    /// Installs `router`; it hears at once of every peer connected already.
    package func attach(_ router: any DistRouter) {
        let peers = state.withLock { s -> [String] in
            s.router = router
            return s.peers.compactMap { $0.value.connection == nil ? nil : $0.key }.sorted()
        }
        for peer in peers { router.peerUp(peer) }
    }

    var router: (any DistRouter)? { state.withLock { $0.router } }

    /// Sends an encoded frame to `node`, dialling it if need be (as Erlang auto-connects).
    package func send(_ frame: Frame, to node: String) {
        if let bytes = encode(frame) { route(bytes, to: node) }
    }

    /// Sends several frames to `node` in one write (a call's monitor and its request): one
    /// system call and one wake-up of the peer's reader instead of two.
    package func send(_ frames: [Frame], to node: String) {
        var bytes: [UInt8] = []
        for frame in frames {
            guard let encoded = encode(frame) else { return }
            bytes += encoded
        }
        route(bytes, to: node)
    }

    /// A pid of this node that no process of its own will ever have (for a router's processes).
    package func mintPid() -> ErlangPid {
        state.withLock { $0.nextFreePid(node: self.name, creation: creation) }
    }
}

extension DistNode {
    /// Whether a connection to `node` is up now. O(1).
    package func isConnected(to node: String) -> Bool {
        state.withLock { $0.peers[node]?.connection != nil }
    }
}
