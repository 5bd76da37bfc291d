import Cluster
import Exchange
import GlobalLock
import LocalTable
import Monitors
import MonitorsTestKit
import Replication
import SingleNodeServer
import TestKit
import Testing

/// Starts the complete pg2 server and the lock server on `node` (no reference is kept: a test
/// holding a server would keep an exited one alive).
func start(on node: Node) throws {
    _ = try ExchangeServer.ensureStarted(on: node)
    _ = try LockServer.ensureStarted(on: node)
}

/// pg2's API as chapter 6 ends it, as a caller at `node` sees it: replicated writes, local reads.
func pg2At(_ node: Node) -> ReplicatedPG2<ExchangeServer> { ReplicatedPG2<ExchangeServer>(node: node) }

/// The invariants OTP's suite checks after every step, on every live node: the server's table and
/// monitor rows, and the published table. Call it inside `sim.run`.
func checkServers(_ nodes: [Node], _ sim: Simulation, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    for node in nodes where node.isAlive {
        #expect(
            try await ExchangeServer.ensureStarted(on: node).checkInvariants(), sim.comment,
            sourceLocation: sourceLocation)
        try pg2At(node).table.checkInvariants()
    }
}

/// `get_members(name)` on each node, by node name.
func membersByNode(of name: GroupName, on nodes: [Node]) throws -> [NodeName: [Pid]] {
    Dictionary(uniqueKeysWithValues: try nodes.map { ($0.name, try pg2At($0).members(of: name)) })
}

/// `which_groups()` on each node, by node name.
func groupsByNode(on nodes: [Node]) throws -> [NodeName: [GroupName]] {
    Dictionary(uniqueKeysWithValues: try nodes.map { ($0.name, try pg2At($0).whichGroups()) })
}
