import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Testing

extension Simulation {
    /// Adds the nodes `names`, fully connected (the simulation's default).
    func cluster(_ names: NodeName...) -> [Node] { names.map { addNode($0) } }
}

/// The invariants OTP's suite checks after every step, on every node: the server's table and
/// monitor rows, and the published table with its read views.
func checkInvariants(on nodes: [Node]) async throws {
    for node in nodes {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "on \(node.name)")
        try ReplicatedPG2<PG2Server>(node: node).table.checkInvariants()
    }
}
