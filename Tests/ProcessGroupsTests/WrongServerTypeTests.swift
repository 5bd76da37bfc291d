import Exchange
import GlobalLock
import ProcessGroups
import SingleNodeServer
import TestKit
import Testing

/// A node's servers answer only their own calls: `<b.pg2>` is an `ExchangeServer`, and a
/// reference that takes it for a `LockServer` or a chapter-3 `PG2Server` gets an error, not
/// another type's code run on its memory.
@Suite struct WrongServerTypeTests {
    @Test func thePG2ServerResolvedAsALockServerIsRefusedLocallyAndRemotely() async throws {
        let sim = simulation(seed: 81)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        let (a, b) = (nodes[0], nodes[1])
        let pg2Pid = Pid(named: ExchangeServer.name, on: "b")
        #expect(throws: CallError.wrongType(pg2Pid, actual: "ExchangeServer", expected: "LockServer")) {
            _ = try b.resolve(ExchangeServer.name, on: "b", as: LockServer.self)
        }
        #expect(throws: CallError.wrongType(pg2Pid, actual: "ExchangeServer", expected: "PG2Server")) {
            _ = try PG2Server.ensureStarted(on: b)
        }
        try await sim.run {
            let wrong = try a.resolve(ExchangeServer.name, on: "b", as: LockServer.self)
            await #expect(throws: CallError.wrongType(pg2Pid, actual: "ExchangeServer", expected: "LockServer")) {
                _ = try await wrong.lockedResources()
            }
            try await pg2(a).create("g")  // b still serves
        }
        try await settle(nodes, sim)
        #expect(pg2(b).whichGroups() == ["g"], sim.comment)
    }
}
