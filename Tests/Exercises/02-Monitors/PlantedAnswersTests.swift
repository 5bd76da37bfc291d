import Cluster
import LocalTable
import Monitors
import MonitorsExercises
import TestKit
import Testing

/// Constant and half-right answers, fed through the very checks the exercises' tests use: each
/// must be rejected. These tests do not call the reader's code, so they pass in both modes.
@Suite("Chapter 2 — planted answers are rejected") struct MonitorsPlantedAnswersTests {
    // MARK: 2.1

    @Test("2.1: a scenario that always says true is rejected")
    func alwaysTrueDeaths() async throws {
        #expect(try await !StrayLeaveCheck.problems(of: { _ in true }).isEmpty)
    }

    @Test("2.1: a scenario that always says false is rejected")
    func alwaysFalseDeaths() async throws {
        #expect(try await !StrayLeaveCheck.problems(of: { _ in false }).isEmpty)
    }

    @Test("2.1: a scenario that kills a pid in one group, and tries nothing else, is rejected")
    func joinAndKillOnly() async throws {
        let problems = try await StrayLeaveCheck.problems(of: { node in
            let p = Pid(node: "a", serial: 1)
            node.create("g")
            node.join("g", p)
            node.kill(p)
            return node.members("g") == []
        })
        #expect(problems.count == 2, "it catches neither bug: \(problems)")
    }

    // MARK: 2.2

    @Test("2.2: a scenario that always says true is rejected")
    func alwaysTrueCleanup() async throws {
        #expect(try await !NothingLeftBehindCheck.problems(of: { _ in true }).isEmpty)
    }

    @Test("2.2: a scenario that only checks the member lists is rejected")
    func listsOnly() async throws {
        let problems = try await NothingLeftBehindCheck.problems(of: { node in
            let p = Pid(node: "a", serial: 1)
            node.create("g")
            node.join("g", p)
            node.join("g", p)
            node.kill(p)
            return node.members("g") == []
        })
        #expect(problems.count == 3, "only the death that leaves a copy shows in the lists: \(problems)")
    }

    // MARK: 2.3

    @Test("2.3: a forecast of nothing at all is rejected")
    func nothingForecast() throws {
        var generate = CaseGenerator(seed: 1)
        let none = MonitorForecast(taken: 0, released: 0, monitored: [])
        #expect(try !MonitorForecastCheck.problems(of: { _ in none }, runs: generate.runs(40)).isEmpty)
    }

    @Test("2.3: a forecast of one monitor per join and one release per leave is rejected")
    func onePerMembership() throws {
        var generate = CaseGenerator(seed: 2)
        let problems = try MonitorForecastCheck.problems(
            of: { steps in
                let joins = steps.filter { if case .join = $0 { true } else { false } }.count
                let leaves = steps.filter { if case .leave = $0 { true } else { false } }.count
                return MonitorForecast(taken: joins, released: leaves, monitored: [])
            }, runs: generate.runs(40))
        #expect(!problems.isEmpty)
    }

    // MARK: 2.4

    @Test("2.4: a repair that changes nothing is rejected")
    func noRepair() throws {
        let damages = RepairMonitorsCheck.randomDamage(seed: 1, count: 30)
        #expect(try !RepairMonitorsCheck.problems(of: { _, _, _, _ in }, damages: damages).isEmpty)
    }

    @Test("2.4: a repair that releases every monitor and takes them all anew is rejected")
    func rebuildEverything() throws {
        let damages = RepairMonitorsCheck.randomDamage(seed: 2, count: 30)
        let problems = try RepairMonitorsCheck.problems(
            of: { monitors, rows, monitor, demonitor in
                for ref in Set(monitors.byPid.values.map(\.ref)).union(monitors.byRef.keys).sorted() { demonitor(ref) }
                var rebuilt = MonitorRows()
                for pid in Set(rows.memberCounts.values.flatMap(\.keys)).sorted() {
                    let ref = monitor(pid)
                    let total = rows.memberCounts.values.map { $0[pid] ?? 0 }.reduce(0, +)
                    rebuilt.byPid[pid] = MonitorRows.Row(ref: ref, total: total)
                    rebuilt.byRef[ref] = pid
                }
                monitors = rebuilt
            }, damages: damages)
        #expect(!problems.isEmpty, "it keeps the invariants but churns every live monitor")
    }

    @Test("2.4: a repair that only fixes the totals is rejected")
    func totalsOnly() throws {
        let damages = RepairMonitorsCheck.randomDamage(seed: 3, count: 30)
        let problems = try RepairMonitorsCheck.problems(
            of: { monitors, rows, _, _ in
                for pid in monitors.byPid.keys {
                    monitors.byPid[pid]!.total = rows.memberCounts.values.map { $0[pid] ?? 0 }.reduce(0, +)
                }
            }, damages: damages)
        #expect(!problems.isEmpty)
    }
}
