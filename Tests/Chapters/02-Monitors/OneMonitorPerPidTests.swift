import Cluster
import LocalTable
import Monitors
import MonitorsTestKit
import TestKit
import Testing

/// `join_group` and `leave_group`: one monitor per pid, its life tied to a total of memberships.
@Suite("One monitor per pid") struct OneMonitorPerPidTests {
    @Test func aFirstJoinTakesOneMonitor() throws {
        let m = memberships(groups: "chat")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        try m.checkInvariants()
        #expect(fake.monitored == [alice])
        let ref = try #require(m.monitors.byPid[alice]?.ref)
        #expect(m.monitors.byPid[alice] == MonitorRows.Row(ref: ref, total: 1))
        #expect(m.monitors.byRef == [ref: alice])
    }

    @Test func aPidInManyGroupsManyTimesIsMonitoredOnce() throws {
        let m = memberships(groups: "chat", "games", "news")
        let fake = FakeMonitors()
        for name in ["chat", "chat", "games", "news"] {
            m.join(name, alice, monitoring: fake)
            try m.checkInvariants()
        }
        #expect(fake.monitored == [alice], "one monitor however many groups and joins")
        #expect(m.monitors.byPid.count == 1)
        #expect(m.monitors.byRef.count == 1)
    }

    @Test func theTotalCountsJoinsAcrossAllGroups() throws {
        let m = memberships(groups: "chat", "games")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        m.join("chat", alice, monitoring: fake)
        m.join("games", alice, monitoring: fake)
        m.join("chat", bob, monitoring: fake)
        try m.checkInvariants()
        #expect(m.monitors.byPid[alice]?.total == 3, "chat twice + games once")
        #expect(m.monitors.byPid[bob]?.total == 1)
        #expect(fake.monitored == [alice, bob])
    }

    @Test func theMonitorIsReleasedExactlyWhenTheLastMembershipGoes() throws {
        let m = memberships(groups: "chat", "games")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        m.join("chat", alice, monitoring: fake)
        m.join("games", alice, monitoring: fake)
        let ref = try #require(m.monitors.byPid[alice]?.ref)
        for (name, totalAfter) in [("chat", 2), ("games", 1)] {
            #expect(m.leave(name, alice, monitoring: fake) == true)
            try m.checkInvariants()
            #expect(m.monitors.byPid[alice]?.total == totalAfter)
            #expect(fake.demonitored.isEmpty, "a membership is left, so the monitor stays")
        }
        #expect(m.leave("chat", alice, monitoring: fake) == true)
        try m.checkInvariants()
        #expect(fake.demonitored == [ref], "released once, at the last leave")
        #expect(m.monitors.isEmpty)
        #expect(m.isEmpty == false, "the groups themselves remain")
    }

    @Test func aPidThatRejoinsAfterLeavingEverythingGetsAFreshMonitor() throws {
        let m = memberships(groups: "chat")
        let fake = FakeMonitors()
        m.join("chat", alice, monitoring: fake)
        let first = try #require(m.monitors.byPid[alice]?.ref)
        m.leave("chat", alice, monitoring: fake)
        try m.checkInvariants()
        m.join("chat", alice, monitoring: fake)
        try m.checkInvariants()
        let second = try #require(m.monitors.byPid[alice]?.ref)
        #expect(first != second)
        #expect(fake.monitored == [alice, alice])
        #expect(fake.demonitored == [first])
        #expect(m.monitors.byRef == [second: alice], "the released ref is forgotten")
    }
}
