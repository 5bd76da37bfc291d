import Cluster
import LocalTable
import SingleNodeServerExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 3.2's check: the reader's scenario against chapter 3's pick and the planted copies,
/// each with several seeds, since a scenario about random picks must not depend on luck.
enum FairPickCheck {
    static let file = "Exercises/03-SingleNodeServer/FairPick.swift"
    static let bugs = PickBug.allCases
    static let seeds: [UInt64] = [1, 2, 3, 4]

    /// What is wrong with `scenario`: `true` for the real pick on every seed, `false` for each of
    /// `bugs` on every seed.
    static func problems(
        of scenario: @escaping (PickerUnderTest) throws -> Bool, catching bugs: [PickBug] = bugs
    ) async throws -> [String] {
        try await ScenarioCheck.problems(
            real: "chapter 3's closest pick, on each of the seeds \(seeds)",
            {
                for seed in seeds {
                    if try !scenario(PlantedPicker(seed: seed, bug: nil).subject) { return false }
                }
                return true
            },
            mutants: bugs.map { bug in
                (
                    "\(bug.name), on some seed of \(seeds)",
                    {
                        for seed in seeds {
                            if try !caught(scenario, PlantedPicker(seed: seed, bug: bug).subject) { return true }
                        }
                        return false
                    }
                )
            },
            file: file)
    }

    /// Whether `scenario` says false (or throws) for `subject`; a TODO propagates.
    private static func caught(_ scenario: (PickerUnderTest) throws -> Bool, _ subject: PickerUnderTest) throws -> Bool
    {
        do {
            return try !scenario(subject)
        } catch let todo as TODO {
            throw todo
        } catch {
            return true
        }
    }
}

/// Exercise 3.2 — edit Exercises/03-SingleNodeServer/FairPick.swift
@Suite("Exercise 3.2 — A fair pick") struct FairPickTests {
    @Test("your scenario passes chapter 3's pick, whatever the seed")
    func passesTheRealPick() async throws {
        expectNoProblems(try await FairPickCheck.problems(of: picksLikePG2, catching: []))
    }

    @Test("it catches a pick that ignores counts")
    func catchesIgnoredCounts() async throws {
        expectNoProblems(try await FairPickCheck.problems(of: picksLikePG2, catching: [.ignoresCounts]))
    }

    @Test("it catches a pick that ignores locality")
    func catchesIgnoredLocality() async throws {
        expectNoProblems(try await FairPickCheck.problems(of: picksLikePG2, catching: [.ignoresLocality]))
    }

    @Test("it catches a pick that is not random")
    func catchesAFixedPick() async throws {
        expectNoProblems(try await FairPickCheck.problems(of: picksLikePG2, catching: [.alwaysFirst]))
    }

    @Test("it catches a pick that never falls back to remote members")
    func catchesNoFallback() async throws {
        expectNoProblems(try await FairPickCheck.problems(of: picksLikePG2, catching: [.noFallback]))
    }
}
