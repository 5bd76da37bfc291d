import Cluster
import LocalTable
import MonitorsExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 2.1's check: the reader's scenario against chapter 2's logic and the planted copies.
enum StrayLeaveCheck {
    static let file = "Exercises/02-Monitors/StrayLeave.swift"
    static let bugs: [MembershipBug] = [.leaveCountsNonMembers, .leaveReleasesPerGroup]

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

/// Exercise 2.1 — edit Exercises/02-Monitors/StrayLeave.swift
@Suite("Exercise 2.1 — OTP-7277, replayed") struct StrayLeaveTests {
    @Test("your scenario passes chapter 2's membership logic")
    func passesTheRealLogic() async throws {
        expectNoProblems(try await StrayLeaveCheck.problems(of: deathsAreNoticed, catching: []))
    }

    @Test("it catches pg2's leave before OTP-7277")
    func catchesOTP7277() async throws {
        expectNoProblems(try await StrayLeaveCheck.problems(of: deathsAreNoticed, catching: [.leaveCountsNonMembers]))
    }

    @Test("it catches a leave that forgets the pid's other groups")
    func catchesAPerGroupRelease() async throws {
        expectNoProblems(try await StrayLeaveCheck.problems(of: deathsAreNoticed, catching: [.leaveReleasesPerGroup]))
    }
}
