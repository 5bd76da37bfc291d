import Synchronization

/// Membership and links: which incarnation of each node is current, which links are cut, and
/// what happens to both ends when a link goes down or comes back.
extension SimulatedNetwork {
    /// Adds or replaces the current incarnation of a node and brings up its links.
    func install(_ node: Node) {
        let peers = state.withLock { s -> [Node] in
            s.current[node.name] = node
            s.everCreated[node.name] = node.creation
            return s.current.keys.sorted().compactMap { name in
                guard name != node.name, let peer = s.current[name], peer.isAlive,
                    !s.cuts.contains(Link(name, node.name))
                else { return nil }
                return peer
            }
        }
        lanes?.input(node.name, ExplorerLanes.digest("install", "\(node.creation)"))
        for peer in peers { linkUp(node, peer) }
    }

    func current(_ name: NodeName) -> Node? { state.withLock { $0.current[name] } }

    var currentNodes: [Node] {
        state.withLock { s in s.current.keys.sorted().compactMap { s.current[$0] } }
    }

    /// The epoch of the link that carries a message from `node` to `peer`, if it can carry one now.
    func liveEpoch(from node: Node, to peer: NodeName) -> UInt64? {
        state.withLock { s in
            guard s.current[node.name] === node, node.isAlive else { return nil }
            let link = Link(node.name, peer)
            guard peer == node.name || s.isUp(link) else { return nil }
            return s.epochs[link] ?? 0
        }
    }

    func nextCreation(for name: NodeName) -> UInt32 {
        state.withLock { ($0.everCreated[name] ?? 0) + 1 }
    }

    /// Cuts the links between each pair in `pairs` (a network failure).
    func cut(_ pairs: [(NodeName, NodeName)]) {
        let downs = state.withLock { s -> [(Node, Node)] in
            var downs: [(Node, Node)] = []
            for (a, b) in pairs where a != b {
                let link = Link(a, b)
                let wasUp = s.isUp(link)
                s.cuts.insert(link)
                if wasUp, let x = s.current[link.low], let y = s.current[link.high] {
                    s.epochs[link, default: 0] += 1
                    downs.append((x, y))
                }
            }
            return downs
        }
        for (x, y) in downs {
            linkDown(x.name, y.name)
            x.connectionDown(y.name)
            y.connectionDown(x.name)
        }
    }

    /// Mends the links between each pair in `pairs`.
    func mend(_ pairs: [(NodeName, NodeName)]) {
        let ups = state.withLock { s -> [(Node, Node)] in
            var ups: [(Node, Node)] = []
            for (a, b) in pairs where a != b {
                let link = Link(a, b)
                guard s.cuts.remove(link) != nil, s.isUp(link),
                    let x = s.current[link.low], let y = s.current[link.high]
                else { continue }
                ups.append((x, y))
            }
            return ups
        }
        for (x, y) in ups { linkUp(x, y) }
    }

    /// Every cut link, as sorted pairs.
    var cutLinks: [(NodeName, NodeName)] {
        state.withLock { $0.cuts.sorted().map { ($0.low, $0.high) } }
    }

    /// Takes a node's current incarnation down: it halts, and every peer loses its link to it.
    func crash(_ name: NodeName) -> Bool {
        let (victim, peers) = state.withLock { s -> (Node?, [Node]) in
            guard let victim = s.current[name], victim.isAlive else { return (nil, []) }
            var peers: [Node] = []
            for other in s.current.keys.sorted() where other != name {
                let link = Link(name, other)
                if s.isUp(link), let peer = s.current[other] {
                    s.epochs[link, default: 0] += 1
                    peers.append(peer)
                }
            }
            return (victim, peers)
        }
        guard let victim else { return false }
        victim.halt()
        for peer in peers {
            linkDown(name, peer.name)
            peer.connectionDown(name)
        }
        return true
    }

    private func linkUp(_ x: Node, _ y: Node) {
        let (first, second) = x.name < y.name ? (x, y) : (y, x)
        linkCameUp(first.name, second.name)
        first.connectionUp(second.name)
        second.connectionUp(first.name)
    }
}

/// An undirected link between two nodes, stored low name first.
struct Link: Hashable, Comparable {
    let low: NodeName
    let high: NodeName
    init(_ a: NodeName, _ b: NodeName) { (low, high) = a < b ? (a, b) : (b, a) }
    static func < (l: Link, r: Link) -> Bool { (l.low, l.high) < (r.low, r.high) }
}
