import Cluster
import Foundation
import GlobalLock
import Synchronization
import Testing

/// A simulation for a chapter-4 test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(seed: UInt64, test: String = #function) -> Simulation {
    .replayable(seed: seed, testTarget: "GlobalLockTests", test: test)
}

/// The seed in `PG2_SEED`, if a failure is being replayed.
let replaySeed = Simulation.replaySeed

extension Simulation {
    /// The seed note as a Swift Testing comment, for `#expect(…, sim.comment)`.
    var comment: Comment { Comment(rawValue: seedNote) }

    /// Adds nodes `names` and starts a lock server on each, as every node of a cluster runs one.
    func lockCluster(_ names: [NodeName]) throws -> [Node] {
        try names.map { name in
            let node = addNode(name)
            _ = try LockServer.ensureStarted(on: node)
            return node
        }
    }
}

extension Node {
    /// This node's lock server (started if needed).
    var lockServer: LockServer {
        get throws { try LockServer.ensureStarted(on: self) }
    }

    /// Who holds `resource` on this node's lock server.
    func lockRequester(of resource: String) async throws -> Pid? {
        try await lockServer.requester(of: resource)
    }

    /// Every resource locked on this node's lock server.
    func lockedResources() async throws -> [String] {
        try await lockServer.lockedResources()
    }
}

/// The lock invariant across `nodes`: `resource` is held by at most one requester among all the
/// lock servers. (It may be held on some servers and free on others — an attempt in flight, or
/// one that is giving back its grants.) Returns the holders seen, node by node.
@discardableResult
func expectOneRequester(
    of resource: String, on nodes: [Node], _ comment: Comment,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [NodeName: Pid] {
    var seen: [NodeName: Pid] = [:]
    for node in nodes where node.isAlive {
        if let pid = try await node.lockRequester(of: resource) { seen[node.name] = pid }
    }
    #expect(Set(seen.values).count <= 1, "\(resource) held by \(seen) — \(comment)", sourceLocation: sourceLocation)
    return seen
}

/// Expects no resource to be locked on any live node of `nodes`.
func expectNoLocks(on nodes: [Node], _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    for node in nodes where node.isAlive {
        let locked = try await node.lockedResources()
        #expect(locked == [], "\(node.name) still locks \(locked) — \(comment)", sourceLocation: sourceLocation)
    }
}

/// Who is inside a critical section right now, for tests of mutual exclusion.
///
/// Every body run under the lock calls ``enter()`` first and ``exit()`` last; the checker counts
/// the bodies inside and remembers the most there ever were at once.
final class CriticalSection: Sendable {
    private struct State {
        var inside = 0
        var most = 0
        var entries = 0
    }

    private let state = Mutex(State())

    /// A body enters; returns how many are inside now, itself included.
    @discardableResult
    func enter() -> Int {
        state.withLock { s in
            s.inside += 1
            s.entries += 1
            s.most = max(s.most, s.inside)
            return s.inside
        }
    }

    /// A body leaves.
    func exit() { state.withLock { $0.inside -= 1 } }

    /// The most bodies ever inside at once.
    var most: Int { state.withLock { $0.most } }
    /// How many bodies entered in all.
    var entries: Int { state.withLock { $0.entries } }
    /// How many are inside now.
    var inside: Int { state.withLock { $0.inside } }
}

/// Problems found inside simulated tasks, reported by the test afterwards.
final class Problems: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ problem: String) { list.withLock { $0.append(problem) } }
    var all: [String] { list.withLock { $0 } }
}
