import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Synchronization
import Testing

extension Simulation {
    /// Adds the nodes `names`, fully connected (the simulation's default).
    func cluster(_ names: NodeName...) -> [Node] { names.map { addNode($0) } }

    /// The trace lines from index `start` on (take `trace.lines.count` before a step to see
    /// only what that step sent).
    func lines(since start: Int) -> [String] { Array(trace.lines.dropFirst(start)) }
}

/// What every node runs in this chapter: its pg2 server and its lock server. Call it inside
/// `sim.run`, as pg2's `ensure_started` runs in the caller.
func startServers(on nodes: [Node]) throws {
    for node in nodes {
        _ = try PG2Server.ensureStarted(on: node)
        _ = try LockServer.ensureStarted(on: node)
    }
}

/// The invariants OTP's suite checks after every step, on every node: the server's table and
/// monitor rows, and the published table with its read views.
func checkInvariants(on nodes: [Node]) async throws {
    for node in nodes {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "on \(node.name)")
        try ReplicatedPG2<PG2Server>(node: node).table.checkInvariants()
    }
}

/// `get_members(Name)` on every node, in node order — equal entries mean the nodes agree.
func membersEverywhere(_ name: GroupName, on nodes: [Node]) throws -> [[Pid]] {
    try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).members(of: name) }
}

/// `which_groups()` on every node, in node order.
func groupsEverywhere(on nodes: [Node]) throws -> [[GroupName]] {
    try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).whichGroups() }
}

/// The call names of the trace's call lines, in order: `LockServer.setLock(_:holder:)`,
/// `PG2Server.join(_:_:)` …, each with the link it crossed, e.g. `a -> b setLock`.
func calls(in lines: [String]) -> [String] {
    lines.compactMap { line in
        let words = line.split(separator: " ")
        // t=… a -> b call a#1 <b.pg2> PG2Server.join(_:_:) (…)
        guard words.count >= 8, words[2] == "->", words[4] == "call" else { return nil }
        let method = words[7].split(separator: ".").last.map(String.init) ?? ""
        let short = method.split(separator: "(").first.map(String.init) ?? method
        return "\(words[1]) -> \(words[3]) \(short)"
    }
}
