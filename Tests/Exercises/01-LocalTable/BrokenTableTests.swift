import Cluster
import LocalTable
import LocalTableExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 1.1's check: the reader's scenario against chapter 1's table and the planted copies.
enum BrokenTableCheck {
    static let file = "Exercises/01-LocalTable/BrokenTable.swift"
    static let bugs: [TableBug] = [
        .joinIgnoresRepeats, .leaveDropsEveryCopy, .leaveKeepsIndexRow, .joinMakesEveryPidLocal,
    ]

    /// What is wrong with `scenario`: it must pass the real table and catch each of `bugs`.
    static func problems(
        of scenario: @escaping (TableUnderTest) throws -> Bool, catching bugs: [TableBug] = bugs
    ) async throws -> [String] {
        try await ScenarioCheck.problems(
            real: "chapter 1's table", { try scenario(PlantedTable(node: "a", bug: nil).subject) },
            mutants: bugs.map { bug in (bug.name, { try scenario(PlantedTable(node: "a", bug: bug).subject) }) },
            file: file)
    }
}

/// Exercise 1.1 — edit Exercises/01-LocalTable/BrokenTable.swift
@Suite("Exercise 1.1 — Spot the broken table") struct BrokenTableTests {
    @Test("your scenario passes chapter 1's table")
    func passesTheRealTable() async throws {
        expectNoProblems(try await BrokenTableCheck.problems(of: looksLikePG2sTable, catching: []))
    }

    @Test("it catches a join that does not count repeats")
    func catchesAJoinThatIgnoresRepeats() async throws {
        expectNoProblems(try await BrokenTableCheck.problems(of: looksLikePG2sTable, catching: [.joinIgnoresRepeats]))
    }

    @Test("it catches a leave that removes every copy at once")
    func catchesALeaveThatDropsEveryCopy() async throws {
        expectNoProblems(try await BrokenTableCheck.problems(of: looksLikePG2sTable, catching: [.leaveDropsEveryCopy]))
    }

    @Test("it catches a last leave that keeps the reverse-index row")
    func catchesALeaveThatKeepsTheIndexRow() async throws {
        expectNoProblems(try await BrokenTableCheck.problems(of: looksLikePG2sTable, catching: [.leaveKeepsIndexRow]))
    }

    @Test("it catches a join that makes a remote pid local")
    func catchesAJoinThatMakesEveryPidLocal() async throws {
        expectNoProblems(
            try await BrokenTableCheck.problems(of: looksLikePG2sTable, catching: [.joinMakesEveryPidLocal]))
    }
}
