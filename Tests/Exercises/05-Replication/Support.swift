import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Testing

/// The server's and the published table's invariants on every node.
func checkInvariants(on nodes: [Node]) async throws {
    for node in nodes {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "on \(node.name)")
        try #require(node.table(PG2Server.tableName, as: GroupTable.self)).checkInvariants()
    }
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
