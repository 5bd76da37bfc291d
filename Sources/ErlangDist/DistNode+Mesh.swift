import Foundation

/// Full mesh: every node of a cluster connected to every other.
///
/// Erlang nodes mesh through `global`, which a Swift node does not speak; and Erlang never
/// introduces a foreign node to its other peers. So a Swift node finds the cluster itself, and
/// dials every node it learns of:
/// - EPMD NAMES on every known host (its own, each peer's, ``DistNodeOptions/knownHosts``), after
///   each nodeup and every ``DistNodeOptions/meshInterval``;
/// - each new peer's own `nodes()`, asked of its `rex`;
/// and it tells that peer of the nodes the peer lacks (`rpc:cast(Peer, net_kernel,
/// connect_node, [N])`), so two Erlang nodes that only share a Swift node also meet.
/// A node disconnected on purpose (``disconnect(_:)``) is never dialled again by itself, and a
/// node that failed is retried with a growing pause (up to a minute).
extension DistNode {
    /// Dials `node` unless connected, dialling, excluded, or resting after a failure.
    func autoDial(_ node: String) {
        guard options.fullMesh, node != name, NodeNames.isValid(node) else { return }
        let attempt = state.withLock { s -> UInt64? in
            guard !s.excluded.contains(node) else { return nil }
            if let retry = s.retryAfter[node], retry.at > .now { return nil }
            return beginDial(node, &s)
        }
        if let attempt { startDial(node, attempt: attempt) }
    }

    func meshAfterNodeUp(_ peer: String) {
        guard options.fullMesh else { return }
        Task.detached { [self] in
            await askPeerForNodes(peer)
            housekeeping.signal()
        }
    }

    private func askPeerForNodes(_ peer: String) async {
        guard let process = try? makeProcess() else { return }
        defer { process.exit() }
        let request = Term.tuple([.atom("call"), .atom("erlang"), .atom("nodes"), .nil, .pid(process.pid)])
        guard let reply = try? await process.call(name: "rex", on: peer, request, timeout: .seconds(5)),
            case .list(let items, .nil) = reply
        else { return }
        let theirs = Set(items.compactMap { if case .atom(let a) = $0 { a } else { nil } })
        for node in theirs.sorted() { autoDial(node) }
        for node in publishedPeers where node != peer && !theirs.contains(node) {
            let cast = Term.tuple([
                .atom("$gen_cast"),
                .tuple([
                    .atom("cast"), .atom("net_kernel"), .atom("connect_node"), .list([.atom(node)], tail: .nil),
                    .pid(process.pid),
                ]),
            ])
            send(cast, toName: "rex", on: peer, from: process.pid)
        }
    }

    /// Asks EPMD on every known host who is registered, and dials them (blocking: housekeeping
    /// thread only).
    func meshViaEPMD() {
        let hosts = state.withLock { $0.knownHosts.sorted() }
        for host in hosts {
            guard
                let names = try? EPMDClient.namesBlocking(
                    host: host, epmdPort: options.epmdPort, timeout: options.connectTimeout)
            else { continue }
            for entry in names { autoDial("\(entry.name)@\(host)") }
        }
    }

    func housekeepingLoop() {
        while !isStopped {
            if options.fullMesh { meshViaEPMD() }
            let interval = options.meshInterval ?? .seconds(3600)
            let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            _ = housekeeping.wait(timeout: .now() + seconds)
        }
    }
}
