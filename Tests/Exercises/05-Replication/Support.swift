import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Testing

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
