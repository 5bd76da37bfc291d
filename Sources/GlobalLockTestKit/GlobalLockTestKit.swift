import Cluster
import GlobalLock
import Testing

// # The global lock's test kit
//
// The helpers of chapter 4's tests and of its exercises: a cluster whose every node runs a lock
// server, and the lock invariant checked across it. They need the lock server, so they live here
// rather than in ``TestKit``, which every chapter's tests use (chapter 2's tests must not build
// on chapter 4).

extension Simulation {
    /// Adds nodes `names` and starts a lock server on each, as every node of a cluster runs one.
    /// Cost: `addNode(_:)` for each name, plus O(1) for each node's lock server.
    public func lockCluster(_ names: [NodeName]) throws -> [Node] {
        try names.map { name in
            let node = addNode(name)
            _ = try LockServer.ensureStarted(on: node)
            return node
        }
    }
}

extension Node {
    /// This node's lock server (started if needed).
    public var lockServer: LockServer {
        get throws { try LockServer.ensureStarted(on: self) }
    }

    /// Who holds `resource` on this node's lock server. O(1): a call to a server on this node, no
    /// message.
    public func lockRequester(of resource: String) async throws -> Pid? {
        try await lockServer.requester(of: resource)
    }

    /// Every resource locked on this node's lock server. O(r log r) for its r locked resources; no
    /// message.
    public func lockedResources() async throws -> [String] {
        try await lockServer.lockedResources()
    }
}

/// Who holds `resource` on each of `nodes`' lock servers (nodes where it is free, and dead
/// nodes, are left out). O(n) for the n nodes: one local call to each live node's lock server.
public func holders(of resource: String, on nodes: [Node]) async throws -> [NodeName: Pid] {
    var seen: [NodeName: Pid] = [:]
    for node in nodes where node.isAlive {
        if let pid = try await node.lockRequester(of: resource) { seen[node.name] = pid }
    }
    return seen
}

/// The lock invariant across `nodes`: `resource` is held by at most one requester among all the
/// lock servers. (It may be held on some servers and free on others — an attempt in flight, or
/// one that is giving back its grants.) Returns the holders seen, node by node. Cost: as
/// `holders(of:on:)`, O(n) for the n nodes.
@discardableResult
public func expectOneRequester(
    of resource: String, on nodes: [Node], _ comment: Comment,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [NodeName: Pid] {
    let seen = try await holders(of: resource, on: nodes)
    #expect(Set(seen.values).count <= 1, "\(resource) held by \(seen) — \(comment)", sourceLocation: sourceLocation)
    return seen
}

/// Expects no resource to be locked on any live node of `nodes`. O(n) for the n nodes, each a
/// local call to its lock server (plus sorting what it still locks).
public func expectNoLocks(on nodes: [Node], _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    for node in nodes where node.isAlive {
        let locked = try await node.lockedResources()
        #expect(locked == [], "\(node.name) still locks \(locked) — \(comment)", sourceLocation: sourceLocation)
    }
}
