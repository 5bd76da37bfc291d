import Cluster
import LocalTable
import MonitorsExercises
import TestKit
import Testing

/// Exercise 2.3's check: each forecast against chapter 2's logic run on a fake node that counts.
enum MonitorForecastCheck {
    static let file = "Exercises/02-Monitors/MonitorForecast.swift"

    /// What is wrong with `predict`'s forecasts for `runs`.
    static func problems(of predict: ([MembershipStep]) throws -> MonitorForecast, runs: [[MembershipStep]]) throws
        -> [String]
    {
        var problems: [String] = []
        for steps in runs {
            let node = PlantedNode(bug: nil)
            for step in steps { node.apply(step) }
            let actual = MonitorForecast(
                taken: node.fake.monitorCalls.count, released: node.fake.demonitorCalls.count,
                monitored: node.fake.monitoredPids)
            let predicted = try predict(steps)
            if predicted != actual {
                problems.append("after \(steps): expected \(actual), got \(predicted) — edit \(file)")
            }
        }
        return firstProblems(problems)
    }
}

/// Exercise 2.3 — edit Exercises/02-Monitors/MonitorForecast.swift
@Suite("Exercise 2.3 — Count the monitors") struct MonitorForecastTests {
    let p = Pid(node: "a", serial: 1), q = Pid(node: "b", serial: 3)

    @Test("one monitor per pid, however many memberships")
    func oneMonitorPerPid() throws {
        let run: [MembershipStep] = [
            .create("g"), .create("h"), .join("g", p), .join("g", p), .join("h", p), .join("h", q),
        ]
        expectNoProblems(try MonitorForecastCheck.problems(of: predictMonitors, runs: [run]))
    }

    @Test("a stray leave releases nothing")
    func aStrayLeave() throws {
        let run: [MembershipStep] = [
            .create("g"), .create("h"), .join("g", p), .leave("h", p), .leave("g", q), .leave("k", p),
        ]
        expectNoProblems(try MonitorForecastCheck.problems(of: predictMonitors, runs: [run]))
    }

    @Test("a death releases the monitor that fired, and a dead pid's rejoin takes and releases one")
    func deathsAndRejoins() throws {
        let run: [MembershipStep] = [.create("g"), .join("g", p), .join("g", p), .kill(p), .join("g", p), .kill(q)]
        expectNoProblems(try MonitorForecastCheck.problems(of: predictMonitors, runs: [run]))
    }

    @Test("a delete releases the monitors of the pids it took the last membership of")
    func deletes() throws {
        let run: [MembershipStep] = [
            .create("g"), .create("h"), .join("g", p), .join("g", q), .join("h", q), .delete("g"),
        ]
        expectNoProblems(try MonitorForecastCheck.problems(of: predictMonitors, runs: [run]))
    }

    @Test("forecasts match random days of joins, leaves, deletes and deaths")
    func randomDays() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            var generate = CaseGenerator(seed: seed)
            let problems = try MonitorForecastCheck.problems(of: predictMonitors, runs: generate.runs(80))
            expectNoProblems(problems.map { "seed \(seed): \($0)" })
        }
    }
}
