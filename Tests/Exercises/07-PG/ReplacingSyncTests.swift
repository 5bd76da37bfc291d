import Cluster
import PG
import PGExercises
import TestKit
import Testing
import WorkbookSupport

/// The check of exercises 7.1 and 7.2, for any scenario: `true` on the workbook's pg, `false` on
/// each planted build, on every seed.
enum ScenarioOnBuilds {
    typealias Scenario = @Sendable (PGSubject, UInt64) async throws -> Bool

    static func problems(
        _ scenario: @escaping Scenario, mutants: [PlantedBug], seeds defaults: [UInt64], suite: String, file: String
    ) async throws -> [String] {
        var problems: [String] = []
        for seed in seeds(defaults) {
            problems += try await ScenarioCheck.problems(
                real: "the workbook's pg (\(seedNote(seed, suite: suite)))", { try await scenario(.pg, seed) },
                mutants: mutants.map { bug in
                    (
                        name: "\(bug.name), on \(seedNote(seed, suite: suite))",
                        run: { try await scenario(bug.subject, seed) }
                    )
                },
                file: file)
        }
        return problems
    }
}

/// Exercise 7.1 — edit Exercises/07-PG/ReplacingSync.swift
@Suite("Exercise 7.1 — Replace, don't merge") struct ReplacingSyncTests {
    static let file = "Exercises/07-PG/ReplacingSync.swift"
    static let yours: ScenarioOnBuilds.Scenario = { try await syncReplaces($0, seed: $1) }

    static func problems(_ scenario: @escaping ScenarioOnBuilds.Scenario, _ mutants: [PlantedBug]) async throws
        -> [String]
    {
        try await ScenarioOnBuilds.problems(
            scenario, mutants: mutants, seeds: [7101, 7102], suite: "ReplacingSyncTests", file: file)
    }

    @Test("your scenario finds that the workbook's pg replaces what it knew of a peer")
    func theWorkbooksSync() async throws {
        expectNoProblems(try await Self.problems(Self.yours, []))
    }

    @Test("your scenario catches a sync that merges counts as the maximum")
    func aMaximum() async throws {
        expectNoProblems(try await Self.problems(Self.yours, [.syncTakesTheMaximum]))
    }

    @Test("your scenario catches a sync that keeps the groups it doesn't report")
    func keptGroups() async throws {
        expectNoProblems(try await Self.problems(Self.yours, [.syncKeepsUnreportedGroups]))
    }

    @Test("your scenario catches a scope that keeps a lost peer's members, pg2's way")
    func keptPeers() async throws {
        expectNoProblems(try await Self.problems(Self.yours, [.keepsLostPeersAndMerges]))
    }
}
