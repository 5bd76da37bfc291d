import Cluster
import LocalTable
import LocalTableExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 1.2's check: the reader's scenario against tables built the real way and the wrong ways.
enum OneListEverywhereCheck {
    static let file = "Exercises/01-LocalTable/OneListEverywhere.swift"
    static let bugs: [TableBug] = [.listsInJoinOrder, .sortsBySerialOnly, .sortsAsText]

    /// What is wrong with `scenario`: it must pass the real tables and catch each of `bugs`.
    static func problems(
        of scenario: @escaping ((NodeName) -> TableUnderTest) throws -> Bool, catching bugs: [TableBug] = bugs
    ) async throws -> [String] {
        try await ScenarioCheck.problems(
            real: "chapter 1's tables", { try scenario { PlantedTable(node: $0, bug: nil).subject } },
            mutants: bugs.map { bug in (bug.name, { try scenario { PlantedTable(node: $0, bug: bug).subject } }) },
            file: file)
    }
}

/// Exercise 1.2 — edit Exercises/01-LocalTable/OneListEverywhere.swift
@Suite("Exercise 1.2 — One list on every node") struct OneListEverywhereTests {
    @Test("your scenario passes chapter 1's tables")
    func passesTheRealTables() async throws {
        expectNoProblems(try await OneListEverywhereCheck.problems(of: listsAgreeEverywhere, catching: []))
    }

    @Test("it catches a list in the order the pids joined")
    func catchesJoinOrder() async throws {
        expectNoProblems(
            try await OneListEverywhereCheck.problems(of: listsAgreeEverywhere, catching: [.listsInJoinOrder]))
    }

    @Test("it catches a list sorted by serial alone")
    func catchesSerialOrder() async throws {
        expectNoProblems(
            try await OneListEverywhereCheck.problems(of: listsAgreeEverywhere, catching: [.sortsBySerialOnly]))
    }

    @Test("it catches a list sorted by the pids' text")
    func catchesTextOrder() async throws {
        expectNoProblems(try await OneListEverywhereCheck.problems(of: listsAgreeEverywhere, catching: [.sortsAsText]))
    }
}
