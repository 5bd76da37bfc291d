import Cluster
import GlobalLock
import GlobalLockExercises
import TestKit
import Testing
import WorkbookSupport

/// Two imitations of global's attempt, each with one of the colleague's ideas.
enum PlantedAttempts {
    /// Refused somewhere, it reports failure — and keeps what the other nodes granted.
    static let keepsItsGrants: LockAttempt = { id, holder, nodes, node in
        let result = await node.multicall(nodes, LockServer.name, as: LockServer.self) {
            try await $0.setLock(id, holder: holder)
        }
        return result.replies.allSatisfy(\.value)
    }

    /// Counts the lock as held when most of the nodes that answered granted it (and keeps those
    /// grants); releases them only when it lost the vote.
    static let grantsOnAMajority: LockAttempt = { id, holder, nodes, node in
        let result = await node.multicall(nodes, LockServer.name, as: LockServer.self) {
            try await $0.setLock(id, holder: holder)
        }
        let granted = result.replies.filter(\.value).map(\.node)
        if granted.count * 2 > result.replies.count { return true }
        await Global(node: node).release(id, holder: holder, on: granted)
        return false
    }
}

/// The check of exercise 4.1, for any scenario: the real tests give it the reader's, the planted
/// tests a constant one.
enum AllOrNothingCheck {
    typealias Scenario = @Sendable (@escaping LockAttempt, UInt64) async throws -> Bool
    static let file = "Exercises/04-GlobalLock/AllOrNothing.swift"

    static let mutants: [(name: String, attempt: LockAttempt)] = [
        ("an attempt that keeps its grants when another node refuses", PlantedAttempts.keepsItsGrants),
        ("an attempt that holds the lock when most nodes granted it", PlantedAttempts.grantsOnAMajority),
    ]

    /// The problems of `scenario`: it must answer `true` for global's attempt and `false` for
    /// each mutant in `catching` (all of them by default), on every seed.
    static func problems(
        _ scenario: @escaping Scenario, catching chosen: [(name: String, attempt: LockAttempt)] = mutants
    ) async throws -> [String] {
        var problems: [String] = []
        for seed in seeds([4101, 4102]) {
            let note = seedNote(seed, suite: "AllOrNothingTests")
            problems += try await ScenarioCheck.problems(
                real: "global's attempt", { try await scenario(globalAttempt, seed) },
                mutants: chosen.map { mutant in (mutant.name, { try await scenario(mutant.attempt, seed) }) },
                file: file
            ).map { "\($0) (\(note))" }
        }
        return problems
    }
}

/// Exercise 4.1 — edit Exercises/04-GlobalLock/AllOrNothing.swift
@Suite("Exercise 4.1 — All or nothing, or not?") struct AllOrNothingTests {
    static let yours: AllOrNothingCheck.Scenario = { try await isAllOrNothing($0, seed: $1) }

    @Test("your scenario says global's attempt is all or nothing")
    func globalsAttemptPasses() async throws {
        expectNoProblems(try await AllOrNothingCheck.problems(Self.yours, catching: []))
    }

    @Test("your scenario catches an attempt that keeps its grants after a refusal")
    func catchesKeptGrants() async throws {
        expectNoProblems(try await AllOrNothingCheck.problems(Self.yours, catching: [AllOrNothingCheck.mutants[0]]))
    }

    @Test("your scenario catches an attempt that is content with a majority")
    func catchesAMajority() async throws {
        expectNoProblems(try await AllOrNothingCheck.problems(Self.yours, catching: [AllOrNothingCheck.mutants[1]]))
    }
}
