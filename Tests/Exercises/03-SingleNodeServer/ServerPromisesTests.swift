import Cluster
import LocalTable
import SingleNodeServerExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 3.3's check: the reader's scenario, in a simulation, against chapter 3's pg2 and the
/// planted copies.
enum ServerPromisesCheck {
    static let file = "Exercises/03-SingleNodeServer/ServerPromises.swift"
    static let bugs = ServerBug.allCases

    /// What is wrong with `scenario`: it must pass the real pg2 and catch each of `bugs`. Each run
    /// is a fresh simulation seeded with `seed` (or `PG2_SEED`).
    static func problems(
        of scenario: @escaping @Sendable (PG2UnderTest) async throws -> Bool, catching bugs: [ServerBug] = bugs,
        seed: UInt64 = 3301, test: String = #function
    ) async throws -> [String] {
        func verdict(_ bug: ServerBug?) async throws -> Bool {
            let sim = simulation(seed: seed, test: test)
            let subject = plantedPG2(on: sim.addNode("a"), in: sim, bug: bug)
            return try await sim.run { try await scenario(subject) }
        }
        let note = simulation(seed: seed, test: test).seedNote
        return try await ScenarioCheck.problems(
            real: "chapter 3's pg2 (\(note))", { try await verdict(nil) },
            mutants: bugs.map { bug in ("\(bug.name) (\(note))", { try await verdict(bug) }) }, file: file)
    }
}

/// Exercise 3.3 — edit Exercises/03-SingleNodeServer/ServerPromises.swift
@Suite("Exercise 3.3 — The promises of the API") struct ServerPromisesTests {
    @Test("your scenario passes chapter 3's pg2")
    func passesTheRealPG2() async throws {
        expectNoProblems(try await ServerPromisesCheck.problems(of: keepsPG2sPromises, catching: []))
    }

    @Test("it catches a join into a group that does not exist")
    func catchesAnUncheckedJoin() async throws {
        expectNoProblems(
            try await ServerPromisesCheck.problems(of: keepsPG2sPromises, catching: [.joinSkipsGroupCheck]))
    }

    @Test("it catches a create that empties an existing group")
    func catchesAResettingCreate() async throws {
        expectNoProblems(try await ServerPromisesCheck.problems(of: keepsPG2sPromises, catching: [.createResets]))
    }

    @Test("it catches a delete that fails for an unknown group")
    func catchesAFailingDelete() async throws {
        expectNoProblems(try await ServerPromisesCheck.problems(of: keepsPG2sPromises, catching: [.deleteUnknownFails]))
    }

    @Test("it catches a server that never hears of a death")
    func catchesADeafServer() async throws {
        expectNoProblems(try await ServerPromisesCheck.problems(of: keepsPG2sPromises, catching: [.deafToDeaths]))
    }
}
