import Cluster
import LocalTable
import Monitors
import MonitorsTestKit
import TestKit
import Testing

/// Bulk changes as one write each: a death across all groups, a delete of a whole group, and the
/// merge's batch of joins leave the same rows and monitors as pg2's one-at-a-time leaves and
/// joins would, and readers see each of them whole.
@Suite struct BatchTests {
    @Test func aDeathRemovesEveryMembershipAndReleasesTheMonitorOnce() throws {
        let m = memberships(groups: "chat", "games", "jobs")
        let fake = FakeMonitors()
        for name in ["chat", "chat", "games"] { m.join(name, bob, monitoring: fake) }
        m.join("jobs", alice, monitoring: fake)
        let ref = try #require(m.monitors.byPid[bob]?.ref)
        m.memberDied(ref, monitoring: fake)
        try m.checkInvariants()
        #expect(try m.table.members(of: "chat") == [] && m.table.members(of: "games") == [])
        #expect(try m.table.members(of: "jobs") == [alice], "other pids keep their memberships")
        #expect(fake.demonitored == [ref], "bob's one monitor, released once")
        #expect(m.table.groups(of: bob) == [])
    }

    @Test func aDeleteReleasesMonitorsInPidOrder() throws {
        let m = memberships(groups: "chat")
        let fake = FakeMonitors()
        for pid in [bob, carol, alice, bob] { m.join("chat", pid, monitoring: fake) }
        let refs = try [alice, carol, bob].map { try #require(m.monitors.byPid[$0]?.ref) }
        m.delete("chat", monitoring: fake)
        try m.checkInvariants()
        #expect(fake.demonitored == refs, "alice < carol < bob (node a before node b)")
        #expect(m.isEmpty || m.table.groups().isEmpty)
    }

    @Test func joiningAllIsTheSameAsJoiningOneByOne() throws {
        let batch = memberships(groups: "chat")
        let single = memberships(groups: "chat")
        let batchMonitors = FakeMonitors(), singleMonitors = FakeMonitors()
        let pids = [bob, alice, bob, carol]
        batch.join("chat", all: pids, monitoring: batchMonitors)
        for pid in pids { single.join("chat", pid, monitoring: singleMonitors) }
        try batch.checkInvariants()
        #expect(batch.table.rows == single.table.rows)
        #expect(batchMonitors.monitored == singleMonitors.monitored, "monitors taken in the same order")
        #expect(try batch.table.members(of: "chat") == [alice, carol, bob, bob])
    }

    @Test func manyDeathsAtOnceEndAsOneByOne() throws {
        let batch = memberships(groups: "chat", "games")
        let single = memberships(groups: "chat", "games")
        let batchMonitors = FakeMonitors(), singleMonitors = FakeMonitors()
        for (name, pid) in [("chat", bob), ("games", bob), ("chat", alice), ("chat", carol), ("chat", bob)] {
            batch.join(name, pid, monitoring: batchMonitors)
            single.join(name, pid, monitoring: singleMonitors)
        }
        let refs = try [bob, alice].map { try #require(batch.monitors.byPid[$0]?.ref) }
        let stray = MonitorRef.fake(serial: 999)
        batch.membersDied(refs + [stray], monitoring: batchMonitors)
        for ref in refs { single.memberDied(ref, monitoring: singleMonitors) }
        try batch.checkInvariants()
        #expect(batch.table.rows == single.table.rows)
        #expect(batch.monitors == single.monitors)
        #expect(batchMonitors.demonitored == singleMonitors.demonitored, "released in the same order")
        #expect(try batch.table.members(of: "chat") == [carol])
    }
}
