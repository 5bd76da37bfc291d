import Cluster
import Foundation
import GlobalLock
import Testing

/// A simulation for an exercise test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(seed: UInt64, network: NetworkOptions = NetworkOptions(), test: String = #function) -> Simulation {
    .replayable(seed: seed, network: network, testTarget: "GlobalLockExercisesTests", test: test)
}

extension Simulation {
    /// Adds nodes `names` and starts a lock server on each, as every node of a cluster runs one.
    func lockCluster(_ names: [NodeName]) throws -> [Node] {
        try names.map { name in
            let node = addNode(name)
            _ = try LockServer.ensureStarted(on: node)
            return node
        }
    }
}

/// Who holds `resource` on each of `nodes`' lock servers (nodes where it is free are left out).
func holders(of resource: String, on nodes: [Node]) async throws -> [NodeName: Pid] {
    var seen: [NodeName: Pid] = [:]
    for node in nodes where node.isAlive {
        if let pid = try await LockServer.ensureStarted(on: node).requester(of: resource) { seen[node.name] = pid }
    }
    return seen
}

/// The lock invariant: `resource` has at most one requester among all the lock servers.
func expectOneRequester(
    of resource: String, on nodes: [Node], _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let seen = try await holders(of: resource, on: nodes)
    #expect(Set(seen.values).count <= 1, "\(resource) held by \(seen) — \(comment)", sourceLocation: sourceLocation)
}
