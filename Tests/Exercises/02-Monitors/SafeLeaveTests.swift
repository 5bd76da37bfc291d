import Cluster
import LocalTable
import Monitors
import MonitorsExercises
import Testing

/// Exercise 2.2 — edit Exercises/02-Monitors/SafeLeave.swift
@Suite("Exercise 2.2 — Leaving without breaking the monitor (OTP-7277)") struct SafeLeaveTests {
    @Test func leavingAGroupYouAreNotInReturnsFalseAndChangesNothing() throws {
        var (rows, monitors) = table([("eu-lobby", alice)], groups: ["us-lobby"])
        let before = (rows, monitors)
        var released: [MonitorRef] = []
        let left = try leave("us-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(left == false)
        #expect(rows == before.0)
        #expect(monitors == before.1, "a leave that removed nothing must not touch the monitor total")
        #expect(released.isEmpty)
    }

    @Test func leavingAGroupThatDoesNotExistReturnsFalseAndChangesNothing() throws {
        var (rows, monitors) = table([("eu-lobby", alice)])
        let before = (rows, monitors)
        var released: [MonitorRef] = []
        let left = try leave("nowhere", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(left == false)
        #expect(rows == before.0)
        #expect(monitors == before.1)
        #expect(released.isEmpty)
    }

    @Test func aLeaveTakesOneMembershipAndOneFromTheTotal() throws {
        var (rows, monitors) = table([("eu-lobby", alice), ("eu-lobby", alice), ("ranked", alice)])
        var released: [MonitorRef] = []
        let left = try leave("eu-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(left)
        #expect(rows.count(of: alice, in: "eu-lobby") == 1)
        #expect(monitors.byPid[alice]?.total == 2)
        #expect(released.isEmpty, "alice is still a member, so her monitor stays")
    }

    @Test func theLastLeaveRemovesBothMonitorRowsAndReleasesTheMonitorOnce() throws {
        var (rows, monitors) = table([("eu-lobby", alice), ("eu-lobby", bob)])
        var released: [MonitorRef] = []
        let left = try leave("eu-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(left)
        #expect(monitors.byPid[alice] == nil)
        #expect(monitors.byRef[ref(for: alice)] == nil)
        #expect(released == [ref(for: alice)])
        #expect(monitors.byPid[bob] == MonitorRows.Row(ref: ref(for: bob), total: 1), "bob is untouched")
    }

    /// OTP-7277: a leave of a lobby alice never joined must not eat the total that keeps her
    /// monitor alive, so the monitor goes exactly when her real last membership does.
    @Test func aStrayLeaveDoesNotReleaseTheMonitorOfAMember() throws {
        var (rows, monitors) = table([("eu-lobby", alice)], groups: ["us-lobby"])
        var released: [MonitorRef] = []
        let stray = try leave("us-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(stray == false)
        #expect(monitors.byPid[alice]?.total == 1, "the buggy pg2 had 0 here, and no monitor")
        #expect(released.isEmpty)

        let real = try leave("eu-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(real)
        #expect(released == [ref(for: alice)])
        #expect(monitors.isEmpty)
    }

    @Test func leavingOnceMoreThanJoinedReleasesTheMonitorOnlyOnce() throws {
        var (rows, monitors) = table([("eu-lobby", alice)])
        var released: [MonitorRef] = []
        let first = try leave("eu-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        let second = try leave("eu-lobby", alice, rows: &rows, monitors: &monitors) { released.append($0) }
        try checkInvariants(rows, monitors)
        #expect(first)
        #expect(second == false)
        #expect(released == [ref(for: alice)])
    }
}
