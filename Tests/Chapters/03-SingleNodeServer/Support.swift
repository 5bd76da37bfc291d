import Cluster
import Foundation
import LocalTable
import SingleNodeServer
import Testing

/// A simulation for a chapter-3 test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(seed: UInt64, test: String = #function) -> Simulation {
    .replayable(seed: seed, testTarget: "SingleNodeServerTests", test: test)
}

extension Simulation {
    /// The seed note as a Swift Testing comment, for `#expect(…, sim.comment)`.
    var comment: Comment { Comment(rawValue: seedNote) }
}

extension PG2 {
    /// The invariants OTP's suite checks after every step: the server's table and monitor rows
    /// (``PG2Server/checkInvariants()``), and the published table with its read views.
    ///
    /// Starts the server if it is not running, as every pg2 API function does.
    func checkInvariants() async throws {
        let server = try PG2Server.ensureStarted(on: node)
        #expect(try await server.checkInvariants())
        try table.checkInvariants()
    }

    /// Whether the server's table and monitor rows are completely empty.
    func serverIsEmpty() async throws -> Bool {
        try await PG2Server.ensureStarted(on: node).isEmpty()
    }
}
