import Cluster
import PG
import PGExercises
import TestKit
import Testing

/// Exercise 7.2 — edit Exercises/07-PG/NeverTold.swift
@Suite("Exercise 7.2 — Never told") struct NeverToldTests {
    static let file = "Exercises/07-PG/NeverTold.swift"
    static let yours: ScenarioOnBuilds.Scenario = { try await peersStayHealthy($0, seed: $1) }

    static func problems(_ scenario: @escaping ScenarioOnBuilds.Scenario, _ mutants: [PlantedBug]) async throws
        -> [String]
    {
        try await ScenarioOnBuilds.problems(
            scenario, mutants: mutants, seeds: [7201, 7202], suite: "NeverToldTests", file: file)
    }

    @Test("your scenario finds the workbook's pg healthy")
    func theWorkbooksLeaves() async throws {
        expectNoProblems(try await Self.problems(Self.yours, []))
    }

    @Test("your scenario catches an exit relayed as a leave of every group of the node")
    func everyGroup() async throws {
        expectNoProblems(try await Self.problems(Self.yours, [.exitNamesEveryGroup]))
    }

    @Test("your scenario catches an exit that also names the groups the member had left")
    func groupsItLeft() async throws {
        expectNoProblems(try await Self.problems(Self.yours, [.exitNamesGroupsItLeft]))
    }

    @Test("your scenario catches a leave that found nothing but is relayed anyway")
    func leavesThatFoundNothing() async throws {
        expectNoProblems(try await Self.problems(Self.yours, [.relaysLeavesThatFoundNothing]))
    }
}
