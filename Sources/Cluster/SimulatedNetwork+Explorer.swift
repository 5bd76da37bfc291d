/// The simulated network in explorer mode: what changes when messages wait in lanes instead of
/// drawing a delay (see ``ExplorerLanes``). The seeded mode never reaches this file.
extension SimulatedNetwork {
    /// Explorer mode's send: no delay, no loss; the message waits at the back of its lane until the
    /// explorer picks it. Nothing crosses a link that is down. O(1).
    func send(_ message: Message, from node: Node, to peer: NodeName, lanes: ExplorerLanes) {
        guard let epoch = liveEpoch(from: node, to: peer) else {
            record(.lost(from: node.name, to: peer), describe(message, node.name, peer) + " (link down)")
            return
        }
        let sender = node.name
        lanes.push(message, on: Lane(from: sender, to: peer)) { [self] in
            deliver(message, from: sender, to: peer, epoch: epoch)
        }
    }

    /// The link a–b went down: both ends record it as an input, and whatever was in flight on it
    /// is lost at once (rather than offered as a choice that can only be a loss).
    func linkDown(_ a: NodeName, _ b: NodeName) {
        guard let lanes else { return }
        lanes.input(a, ExplorerLanes.digest("down", b.rawValue))
        lanes.input(b, ExplorerLanes.digest("down", a.rawValue))
        for (lane, message) in lanes.drop(Link(a, b)) {
            record(.lost(from: lane.from, to: lane.to), describe(message, lane.from, lane.to) + " (link went down)")
        }
    }

    /// The link a–b came up: an input of both ends.
    func linkCameUp(_ a: NodeName, _ b: NodeName) {
        guard let lanes else { return }
        lanes.input(a, ExplorerLanes.digest("up", b.rawValue))
        lanes.input(b, ExplorerLanes.digest("up", a.rawValue))
    }
}

extension ExplorerLanes {
    /// `node` received `message` from `sender`: an input of `node`.
    func input(_ node: NodeName, _ message: Message, from sender: NodeName) {
        var hasher = Hasher()
        hasher.combine(sender)
        message.combine(into: &hasher)
        input(node, hasher.finalize())
    }
}
