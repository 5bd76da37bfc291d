import Cluster
import LocalTable
import Monitors
import MonitorsExercises
import Testing

/// Exercise 2.3 — edit Exercises/02-Monitors/MemberDied.swift (it may use your exercise 2.2)
@Suite("Exercise 2.3 — When a member dies") struct MemberDiedTests {
    /// alice: temperature, humidity, alerts ×2; bob: temperature, alerts.
    func gateway() -> (GroupRows, MonitorRows) {
        table([
            ("temperature", alice), ("humidity", alice), ("alerts", alice), ("alerts", alice),
            ("temperature", bob), ("alerts", bob),
        ])
    }

    @Test func aDownRemovesThePidFromEveryGroupAsManyTimesAsItJoined() throws {
        var (rows, monitors) = gateway()
        try memberDied(ref(for: alice), rows: &rows, monitors: &monitors) { _ in }
        try checkInvariants(rows, monitors)
        #expect(rows.groups(of: alice) == [])
        #expect(rows.members(of: "alerts") == [bob], "both of alice's alert memberships are gone")
        #expect(rows.members(of: "humidity") == [])
    }

    @Test func theDeadPidsMonitorRowsGoAndItsMonitorIsReleasedOnce() throws {
        var (rows, monitors) = gateway()
        var released: [MonitorRef] = []
        try memberDied(ref(for: alice), rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(monitors.byPid[alice] == nil)
        #expect(monitors.byRef[ref(for: alice)] == nil)
        #expect(released == [ref(for: alice)])
    }

    @Test func otherMembersKeepTheirMembershipsAndMonitors() throws {
        var (rows, monitors) = gateway()
        let bobsRow = monitors.byPid[bob]
        try memberDied(ref(for: alice), rows: &rows, monitors: &monitors) { _ in }
        try checkInvariants(rows, monitors)
        #expect(rows.groups(of: bob) == ["alerts", "temperature"])
        #expect(monitors.byPid[bob] == bobsRow)
        #expect(monitors.byRef == [ref(for: bob): bob])
    }

    @Test func theGroupsOutliveTheirLastMember() throws {
        var (rows, monitors) = gateway()
        try memberDied(ref(for: alice), rows: &rows, monitors: &monitors) { _ in }
        try checkInvariants(rows, monitors)
        #expect(rows.allGroups == ["alerts", "humidity", "temperature"], "death never deletes a group")
    }

    @Test func aDownForAnUnknownRefChangesNothing() throws {
        var (rows, monitors) = gateway()
        let before = (rows, monitors)
        var released: [MonitorRef] = []
        try memberDied(ref(for: carol), rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(rows == before.0)
        #expect(monitors == before.1)
        #expect(released.isEmpty)
    }

    @Test func afterEveryMemberDiesOnlyTheEmptyGroupsRemain() throws {
        var (rows, monitors) = gateway()
        for pid in [bob, alice] {
            try memberDied(ref(for: pid), rows: &rows, monitors: &monitors) { _ in }
            try checkInvariants(rows, monitors)
        }
        #expect(monitors.isEmpty, "no leaked monitor row")
        #expect(rows.memberCounts.isEmpty && rows.pidIndex.isEmpty && rows.localMembers.isEmpty)
    }
}
