import Cluster
import LocalTable
import MonitorsExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 2.2's check: the reader's scenario against chapter 2's logic and the planted copies.
enum NothingLeftBehindCheck {
    static let file = "Exercises/02-Monitors/NothingLeftBehind.swift"
    static let bugs: [MembershipBug] = [
        .joinMonitorsEveryTime, .deathLeavesOncePerGroup, .deathKeepsMonitorRows, .deleteKeepsMonitors,
    ]

    /// What is wrong with `scenario`: it must pass the real logic and catch each of `bugs`.
    static func problems(
        of scenario: @escaping (MembershipsUnderTest) throws -> Bool, catching bugs: [MembershipBug] = bugs
    ) async throws -> [String] {
        try await ScenarioCheck.problems(
            real: "chapter 2's membership logic", { try scenario(PlantedNode(bug: nil).subject) },
            mutants: bugs.map { bug in (bug.name, { try scenario(PlantedNode(bug: bug).subject) }) },
            file: file)
    }
}

/// Exercise 2.2 — edit Exercises/02-Monitors/NothingLeftBehind.swift
@Suite("Exercise 2.2 — Nothing left behind") struct NothingLeftBehindTests {
    @Test("your scenario passes chapter 2's membership logic")
    func passesTheRealLogic() async throws {
        expectNoProblems(try await NothingLeftBehindCheck.problems(of: leavesNothingBehind, catching: []))
    }

    @Test("it catches a join that monitors a pid again")
    func catchesASecondMonitor() async throws {
        expectNoProblems(
            try await NothingLeftBehindCheck.problems(of: leavesNothingBehind, catching: [.joinMonitorsEveryTime]))
    }

    @Test("it catches a death that leaves a copy of the pid behind")
    func catchesAnIncompleteDeath() async throws {
        expectNoProblems(
            try await NothingLeftBehindCheck.problems(of: leavesNothingBehind, catching: [.deathLeavesOncePerGroup]))
    }

    @Test("it catches a death that keeps the pid's monitor rows")
    func catchesStaleMonitorRows() async throws {
        expectNoProblems(
            try await NothingLeftBehindCheck.problems(of: leavesNothingBehind, catching: [.deathKeepsMonitorRows]))
    }

    @Test("it catches a delete that releases no monitor")
    func catchesALeakingDelete() async throws {
        expectNoProblems(
            try await NothingLeftBehindCheck.problems(of: leavesNothingBehind, catching: [.deleteKeepsMonitors]))
    }
}
