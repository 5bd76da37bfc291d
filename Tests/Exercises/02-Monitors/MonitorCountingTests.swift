import Cluster
import LocalTable
import Monitors
import MonitorsExercises
import Testing

/// Exercise 2.1 — edit Exercises/02-Monitors/MonitorCounting.swift
@Suite("Exercise 2.1 — One monitor per pid") struct MonitorCountingTests {
    @Test func theFirstMembershipTakesOneMonitor() throws {
        var (rows, monitors) = table([], groups: ["resize"])
        var taken: [Pid] = []
        func monitor(_ pid: Pid) -> MonitorRef {
            taken.append(pid)
            return ref(for: pid)
        }
        rows.joinGroup("resize", alice)
        try countJoin(of: alice, in: &monitors, monitor: monitor)
        try checkInvariants(rows, monitors)
        #expect(taken == [alice])
        #expect(monitors.byPid[alice] == MonitorRows.Row(ref: ref(for: alice), total: 1))
        #expect(monitors.byRef == [ref(for: alice): alice])
    }

    @Test func laterMembershipsAddToTheTotalWithoutMonitoringAgain() throws {
        var (rows, monitors) = table([], groups: ["resize", "thumbnail", "watermark"])
        var taken: [Pid] = []
        func monitor(_ pid: Pid) -> MonitorRef {
            taken.append(pid)
            return ref(for: pid)
        }
        for (name, total) in [("resize", 1), ("resize", 2), ("thumbnail", 3), ("watermark", 4)] {
            rows.joinGroup(name, alice)
            try countJoin(of: alice, in: &monitors, monitor: monitor)
            try checkInvariants(rows, monitors)
            #expect(monitors.byPid[alice]?.total == total)
        }
        #expect(taken == [alice], "one monitor for four memberships")
        #expect(monitors.byRef == [ref(for: alice): alice])
    }

    @Test func eachPidGetsAMonitorOfItsOwn() throws {
        var (rows, monitors) = table([], groups: ["resize"])
        var taken: [Pid] = []
        func monitor(_ pid: Pid) -> MonitorRef {
            taken.append(pid)
            return ref(for: pid)
        }
        for pid in [alice, bob, alice] {
            rows.joinGroup("resize", pid)
            try countJoin(of: pid, in: &monitors, monitor: monitor)
            try checkInvariants(rows, monitors)
        }
        #expect(taken == [alice, bob])
        #expect(monitors.byRef == [ref(for: alice): alice, ref(for: bob): bob])
        #expect(monitors.byPid[alice]?.total == 2)
        #expect(monitors.byPid[bob]?.total == 1)
    }

    @Test func aJoinLeavesOtherPidsRowsAlone() throws {
        var (rows, monitors) = table([("resize", bob), ("thumbnail", bob)], groups: ["watermark"])
        let bobsRow = monitors.byPid[bob]
        rows.joinGroup("watermark", carol)
        try countJoin(of: carol, in: &monitors) { ref(for: $0) }
        try checkInvariants(rows, monitors)
        #expect(monitors.byPid[bob] == bobsRow)
        #expect(monitors.byRef[ref(for: bob)] == bob)
        #expect(monitors.byPid[carol] == MonitorRows.Row(ref: ref(for: carol), total: 1))
    }
}
