import Cluster
import Exchange
import LocalTable
import MonitorsTestKit
import PG
import Testing

/// The per-write check of ``ScopeState`` (``ScopeState/checkInvariants(touched:)``): every write
/// checks, in debug builds, the invariants where it wrote — and only there, so its cost is the
/// write's own. These tests corrupt the shared table behind the state's back (the table is
/// public; only the scope should write it) and show what the check sees, and that a write
/// touching the corruption stops the program.
@Suite struct ScopeStateWriteCheckTests {
    /// An extra entry of p in g, written to the table directly: the scope's records say nothing
    /// of it.
    static func corrupted() -> (ScopeState, Pid) {
        var state = freshState()
        let p = pid("a", 1)
        _ = state.joinLocal("g", .one(p), monitoring: FakeMonitors())
        state.table.write { rows, touch in
            rows.prepend("g", [p])
            touch("g")
        }
        return (state, p)
    }

    @Test func theRestrictedCheckSeesACorruptionWhereItLooks() throws {
        let (state, p) = Self.corrupted()
        var there = ScopeTouch()
        there.entries("g", [p])
        let error = try #require(throws: InvariantViolation.self) { try state.checkInvariants(touched: there) }
        #expect(error.rule == "the table is local entries plus the peers' reports", "\(error)")
        #expect(error.detail.contains("g lists <a.1> 2 times, the scope's records 1"), "\(error)")
        #expect(throws: InvariantViolation.self) { try state.checkInvariants() }
    }

    @Test func theRestrictedCheckLooksOnlyWhereTheWriteWrote() throws {
        let (state, p) = Self.corrupted()
        var elsewhere = ScopeTouch()
        elsewhere.entries("h", [p])
        elsewhere.members.insert(p)
        try state.checkInvariants(touched: elsewhere)
    }

    @Test func everyKindOfWritePassesItsOwnCheckOnAHealthyState() throws {
        var state = freshState()
        let monitors = FakeMonitors()
        let (p, q, peer) = (pid("a", 1), pid("b", 1), Pid(named: "pg", on: "b"))
        _ = state.joinLocal("g", .list([p, p]), monitoring: monitors)
        _ = state.discover(from: peer, monitoring: monitors)
        state.sync(from: peer, groups: [GroupSnapshot(name: "g", members: [q])], monitoring: monitors)
        state.join(from: peer, "h", .one(q))
        try state.leave(from: peer, .one(q), groups: ["h"])
        let subscription = state.monitorGroup("g", subscriber: pid("a", 9), monitoring: monitors)
        _ = state.demonitor(subscription.ref, monitoring: monitors)
        _ = state.leaveLocal("g", .one(p), monitoring: monitors)
        var all = ScopeTouch()
        all.entries("g", [p, q])
        all.entries("h", [q])
        all.members.insert(p)
        all.peers.insert(peer)
        try state.checkInvariants(touched: all)
        try state.checkInvariants()
    }

    #if DEBUG
        /// In a debug build, the next write that touches the corrupted entry stops the program,
        /// naming the broken invariant. (Run in a child process: an exit test.)
        @Test func aWriteOverACorruptionStopsTheProgram() async throws {
            let result = try await #require(
                processExitsWith: .failure, observing: [\.standardErrorContent]
            ) {
                var (state, p) = ScopeStateWriteCheckTests.corrupted()
                _ = state.joinLocal("g", .one(p), monitoring: FakeMonitors())
            }
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("a write broke the scope's state"), "\(message)")
            #expect(message.contains("the table is local entries plus the peers' reports"), "\(message)")
        }
    #endif
}
