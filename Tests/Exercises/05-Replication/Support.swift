import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Synchronization
import Testing

/// Every node's pg2 server and lock server. Call it inside `sim.run`.
func startServers(on nodes: [Node]) throws {
    for node in nodes {
        _ = try PG2Server.ensureStarted(on: node)
        _ = try LockServer.ensureStarted(on: node)
    }
}

/// The server's and the published table's invariants on every node.
func checkInvariants(on nodes: [Node]) async throws {
    for node in nodes {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "on \(node.name)")
        try #require(node.table(PG2Server.tableName, as: GroupTable.self)).checkInvariants()
    }
}

/// `get_members(Name)` on every node, in node order.
func membersEverywhere(_ name: GroupName, on nodes: [Node]) throws -> [[Pid]] {
    try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).members(of: name) }
}

/// The trace's call lines as `<from> -> <to> <function>`, e.g. `a -> b setLock`, in order.
func calls(in lines: [String]) -> [String] {
    lines.compactMap { line in
        let words = line.split(separator: " ")
        guard words.count >= 8, words[2] == "->", words[4] == "call" else { return nil }
        let method = words[7].split(separator: ".").last.map(String.init) ?? ""
        return "\(words[1]) -> \(words[3]) " + (method.split(separator: "(").first.map(String.init) ?? method)
    }
}

extension Simulation {
    /// The trace lines from index `start` on.
    func lines(since start: Int) -> [String] { Array(trace.lines.dropFirst(start)) }
}

/// Runs `body` and expects it to throw `expected`. Any error that is not a ``PG2Error`` — the
/// stub's `TODO` among them — propagates, so an unfinished exercise fails with its own message.
func expectPG2Error(
    _ expected: PG2Error, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async throws {
    do {
        try await body()
        Issue.record("expected \(expected), but nothing was thrown — \(comment)", sourceLocation: sourceLocation)
    } catch let error as PG2Error {
        #expect(error == expected, comment, sourceLocation: sourceLocation)
    }
}
