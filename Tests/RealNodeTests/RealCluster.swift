import ErlangDist
import InteropKit
import ProcessGroups
import RealNodes

/// Real nodes in this test process: each test gets its own EPMD port (served by its first node),
/// its own cookie and unique node names, and stops every node it started.
final class RealCluster: Sendable {
    let cookie = Interop.randomCookie()
    let epmdPort = Interop.freePort()
    let log = LogLines()
    private let started = Mutex<[RealNode]>([])

    /// Starts a node named `<prefix><random>@127.0.0.1`.
    func start(_ prefix: String) async throws -> RealNode {
        var options = DistNodeOptions()
        options.epmdPort = epmdPort
        options.meshInterval = nil
        options.tickTime = .seconds(8)
        options.log = log.sink
        let node = try await RealNode.start(
            name: Interop.uniqueName(prefix), cookie: cookie, options: options, log: log.sink)
        started.withLock { $0.append(node) }
        return node
    }

    /// Starts `count` nodes connected to each other.
    func mesh(_ prefixes: String...) async throws -> [RealNode] {
        var nodes: [RealNode] = []
        for prefix in prefixes { nodes.append(try await start(prefix)) }
        for (i, a) in nodes.enumerated() {
            for b in nodes[(i + 1)...] { _ = await a.connect(b.name) }
        }
        let all = nodes
        let meshed = await Interop.eventually {
            all.allSatisfy { n in n.node.connectedNodes.count == all.count - 1 }
        }
        guard meshed else {
            throw InteropError("the nodes did not mesh: \(all.map { "\($0.name): \($0.connectedNodes)" })")
        }
        return nodes
    }

    /// Two connected nodes, a and b: the real nodes and their substrate nodes.
    func pair() async throws -> (real: [RealNode], a: Node, b: Node) {
        let nodes = try await mesh("a", "b")
        return (nodes, nodes[0].node, nodes[1].node)
    }

    /// ``pair()`` with pg2 running on b, so b answers writes from the start.
    func pg2Pair() async throws -> (real: [RealNode], a: Node, b: Node) {
        let pair = try await pair()
        try ProcessGroups.start(on: pair.b)
        return pair
    }

    func stopAll() { for node in started.withLock({ $0 }) { node.stop() } }

    deinit { stopAll() }
}

import Synchronization
