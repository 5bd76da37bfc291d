import Cluster
import Foundation
import LocalTable
import SingleNodeServer
import Testing

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
