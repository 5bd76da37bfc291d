import Cluster
import LocalTable
import Monitors
import MonitorsTestKit
import TestKit
import Testing

/// `delete_group`: every membership of the group leaves, releasing monitors no other group needs (rule 2).
@Suite("Deleting a group") struct DeleteGroupTests {
    @Test func deletingAGroupReleasesTheMonitorsOfPidsOnlyInIt() throws {
        let m = memberships(groups: "chat", "games")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        m.join("chat", alice, monitoring: fake)
        m.join("chat", bob, monitoring: fake)
        let alicesRef = try #require(m.monitors.byPid[alice]?.ref)
        m.delete("chat", monitoring: fake)
        try m.checkInvariants()
        #expect(m.table.groups() == ["games"])
        #expect(fake.livePids == [])
        #expect(Set(fake.demonitored).count == 2, "alice's and bob's monitors, once each")
        #expect(fake.demonitored.filter { $0 == alicesRef }.count == 1, "alice joined twice, released once")
        #expect(m.monitors.isEmpty)
    }

    @Test func deletingAGroupKeepsTheMonitorsOfPidsAlsoInOtherGroups() throws {
        let m = memberships(groups: "chat", "games")
        let fake = FakeMonitors()
        m.join("chat", bob, monitoring: fake)
        m.join("chat", bob, monitoring: fake)
        m.join("games", bob, monitoring: fake)
        let ref = try #require(m.monitors.byPid[bob]?.ref)
        m.delete("chat", monitoring: fake)
        try m.checkInvariants()
        #expect(fake.demonitored.isEmpty)
        #expect(m.monitors.byPid[bob] == MonitorRows.Row(ref: ref, total: 1), "only games is left")
        #expect(try m.table.members(of: "games") == [bob])
    }

    @Test func deletingAnUnknownGroupChangesNothing() throws {
        let m = memberships(groups: "chat")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        let rows = m.table.rows, monitors = m.monitors
        m.delete("nowhere", monitoring: fake)
        try m.checkInvariants()
        #expect(m.table.rows == rows)
        #expect(m.monitors == monitors)
    }

    @Test func afterDeletingEveryGroupAndKillingEveryPidNothingIsLeft() throws {
        let m = memberships(groups: "chat", "games", "news")
        let fake = FakeMonitors()
        for (name, pid) in [
            ("chat", alice), ("chat", alice), ("games", alice), ("chat", bob), ("news", bob),
            ("games", carol), ("news", carol),
        ] {
            m.join(name, pid, monitoring: fake)
            try m.checkInvariants()
        }
        m.leave("games", carol, monitoring: fake)
        try m.checkInvariants()
        m.delete("chat", monitoring: fake)
        try m.checkInvariants()
        for pid in [alice, bob, carol] {
            if let ref = m.monitors.byPid[pid]?.ref { m.memberDied(ref, monitoring: fake) }
            try m.checkInvariants()
        }
        for name in ["games", "news"] {
            m.delete(name, monitoring: fake)
            try m.checkInvariants()
        }
        #expect(m.isEmpty, "no group, no member, no leaked monitor row")
        #expect(fake.live.isEmpty)
        #expect(fake.demonitored.count == fake.monitored.count, "every monitor taken was released")
    }
}
