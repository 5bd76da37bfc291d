import Cluster
import LocalTable
import Monitors
import MonitorsTestKit
import TestKit
import Testing

/// `member_died`: one DOWN, every membership of the dead pid gone (rule 11).
@Suite("A member dies") struct MemberDiedTests {
    /// alice: chat ×2, games ×1, news ×3; bob: chat ×1, games ×1.
    func crowded(_ fake: FakeMonitors) throws -> Memberships {
        let m = memberships(groups: "chat", "games", "news")
        for (name, pid) in [
            ("chat", alice), ("chat", alice), ("games", alice), ("news", alice), ("news", alice),
            ("news", alice), ("chat", bob), ("games", bob),
        ] {
            m.join(name, pid, monitoring: fake)
            try m.checkInvariants()
        }
        return m
    }

    @Test func aDownRemovesThePidFromEveryGroupAsManyTimesAsItJoined() throws {
        let fake = FakeMonitors()
        let m = try crowded(fake)
        let ref = try #require(m.monitors.byPid[alice]?.ref)
        m.memberDied(ref, monitoring: fake)
        try m.checkInvariants()
        #expect(m.table.groups(of: alice) == [])
        #expect(try m.table.members(of: "news") == [])
        #expect(m.monitors.byPid[alice] == nil)
        #expect(m.monitors.byRef[ref] == nil)
        #expect(fake.demonitored == [ref], "the dead pid's monitor is released once, not once per leave")
    }

    @Test func aDownLeavesOtherPidsAlone() throws {
        let fake = FakeMonitors()
        let m = try crowded(fake)
        let bobsRow = m.monitors.byPid[bob]
        let ref = try #require(m.monitors.byPid[alice]?.ref)
        m.memberDied(ref, monitoring: fake)
        try m.checkInvariants()
        #expect(try m.table.members(of: "chat") == [bob])
        #expect(try m.table.members(of: "games") == [bob])
        #expect(m.monitors.byPid[bob] == bobsRow)
        #expect(fake.livePids == [bob])
    }

    @Test func groupsOutliveTheirLastMember() throws {
        let fake = FakeMonitors()
        let m = try crowded(fake)
        let ref = try #require(m.monitors.byPid[alice]?.ref)
        m.memberDied(ref, monitoring: fake)
        try m.checkInvariants()
        #expect(m.table.groups() == ["chat", "games", "news"], "news is empty now, but still a group")
    }

    @Test func aDownForAnUnknownRefChangesNothing() throws {
        let fake = FakeMonitors()
        let m = try crowded(fake)
        let rows = m.table.rows, monitors = m.monitors
        m.memberDied(.fake(serial: 999), monitoring: fake)
        try m.checkInvariants()
        #expect(m.table.rows == rows)
        #expect(m.monitors == monitors)
        #expect(fake.demonitored.isEmpty)
    }

    @Test func aStaleDownDoesNotRemoveAPidThatRejoined() throws {
        let fake = FakeMonitors()
        let m = memberships(groups: "chat")
        m.join("chat", alice, monitoring: fake)
        let old = try #require(m.monitors.byPid[alice]?.ref)
        m.leave("chat", alice, monitoring: fake)
        m.join("chat", alice, monitoring: fake)
        try m.checkInvariants()
        // The first monitor's DOWN, had it slipped past the flush, names a ref no row knows.
        m.memberDied(old, monitoring: fake)
        try m.checkInvariants()
        #expect(try m.table.members(of: "chat") == [alice])
        #expect(fake.livePids == [alice])
    }
}
