import Synchronization

/// Carrying messages in the seeded mode: each message draws a delay, keeps its lane's FIFO order
/// (unless reordering is on), and is lost if its link goes down before it arrives. Explorer mode
/// sends through ``send(_:from:to:lanes:)`` instead (`SimulatedNetwork+Explorer.swift`).
extension SimulatedNetwork {
    func send(_ message: Message, from node: Node, to peer: NodeName) {
        if let lanes { return send(message, from: node, to: peer, lanes: lanes) }
        let plan = state.withLock { s -> (due: Duration, epoch: UInt64)? in
            guard s.current[node.name] === node, node.isAlive else { return nil }
            let link = Link(node.name, peer)
            guard peer == node.name || s.isUp(link) else { return nil }
            if message.isLossy, options.castLoss > 0,
                Double(s.random.next() >> 11) / Double(1 << 53) < options.castLoss
            {
                return (.zero, .max)
            }
            let span = UInt64(max(options.maxDelay - options.minDelay, .zero) / .microseconds(1))
            let jitter = span == 0 ? 0 : s.random.next() % (span + 1)
            var due = scheduler.now + options.minDelay + .microseconds(Int64(jitter))
            if !options.reorder {
                let lane = Lane(from: node.name, to: peer)
                due = max(due, s.lastDue[lane] ?? .zero)
                s.lastDue[lane] = due
            }
            return (due, s.epochs[link] ?? 0)
        }
        guard let plan else {
            record(.lost(from: node.name, to: peer), describe(message, node.name, peer) + " (link down)")
            return
        }
        if plan.epoch == .max {
            record(.lost(from: node.name, to: peer), describe(message, node.name, peer) + " (lost)")
            return
        }
        let sender = node.name
        scheduler.schedule(at: plan.due) { [self] in deliver(message, from: sender, to: peer, epoch: plan.epoch) }
    }

    func deliver(_ message: Message, from sender: NodeName, to peer: NodeName, epoch: UInt64) {
        let target = state.withLock { s -> Node? in
            let link = Link(sender, peer)
            guard (s.epochs[link] ?? 0) == epoch, sender == peer || s.isUp(link) else { return nil }
            return s.current[peer]
        }
        guard let target, target.isAlive else {
            record(.lost(from: sender, to: peer), describe(message, sender, peer) + " (link went down)")
            return
        }
        record(.message(from: sender, to: peer), describe(message, sender, peer))
        lanes?.input(peer, message, from: sender)
        if let tap = tap.withLock({ $0 }) { tap(message, sender, peer) }
        target.receive(message, from: sender)
    }

    func describe(_ message: Message, _ from: NodeName, _ to: NodeName) -> String {
        trace.isEnabled ? MessageText.describe(message, from: from, to: to, codec: codec) : ""
    }
}

/// One direction of a link: the unit of FIFO order.
struct Lane: Hashable {
    let from: NodeName
    let to: NodeName
}
