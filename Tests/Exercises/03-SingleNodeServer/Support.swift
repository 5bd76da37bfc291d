import Cluster
import Foundation
import LocalTable
import Testing

/// A simulation for an exercise test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(seed: UInt64, test: String = #function) -> Simulation {
    .replayable(seed: seed, testTarget: "SingleNodeServerExercisesTests", test: test)
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
