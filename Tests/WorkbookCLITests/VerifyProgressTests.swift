import Foundation
import Testing

@testable import WorkbookCLI

/// What `verify` says besides the contract: the learner's own progress (solved, in progress, not
/// started), and a closing line that counts the contract only. Made-up runs; none runs `swift test`.
@Suite struct VerifyProgressTests {
    static let log = URL(fileURLWithPath: "/dev/null")

    static func test(_ module: String, _ suite: String, _ name: String, _ failures: [String] = []) -> TestRun.Case {
        TestRun.Case(className: "\(module).\(suite)", name: name, failures: failures)
    }

    @Test func progressSaysWhichExercisesAreSolvedInProgressOrNotStarted() {
        let local = "LocalTableExercisesTests"
        let cases = [
            // 1.1: solved.
            Self.test(local, "BrokenTableTests", "a()"), Self.test(local, "BrokenTableTests", "b()"),
            // 1.2: one test still on the TODO, but the file was edited: in progress.
            Self.test(local, "OneListEverywhereTests", "a()"),
            Self.test(local, "OneListEverywhereTests", "b()", ["Caught error: TODO(1.2) is not done yet"]),
            // 2.1: untouched stub.
            Self.test("MonitorsExercisesTests", "StrayLeaveTests", "a()", ["Caught error: TODO(2.1) is not done yet"]),
            // 0.1: untouched stub too.
            Self.test(
                "SubstrateExercisesTests", "DownPredictionTests", "a()", ["Caught error: TODO(0.1) is not done yet"]),
        ]
        let progress = LearnerProgress(
            cases, chapters: ProgressAndMapTests.chapters,
            changedFiles: ["Exercises/01-LocalTable/OneListEverywhere.swift"])
        #expect(progress.entries.map(\.state) == [.notStarted, .solved, .inProgress(passed: 1, total: 2), .notStarted])
        #expect(
            progress.lines == [
                "  ✓ 1.1 Spot the broken table — solved: all its tests pass",
                "  … 1.2 One list on every node — in progress: 1 of 2 tests pass (swift run workbook check 1.2)",
                "  1 of 4 exercises solved, 1 in progress, 2 not started.",
            ])
        // A wrong answer in an unchanged file (a helper it calls changed) is progress too, not a stub.
        let wrong = [Self.test(local, "BrokenTableTests", "a()", ["Expectation failed: 2 == 1"])]
        let other = LearnerProgress(wrong, chapters: ProgressAndMapTests.chapters, changedFiles: [])
        #expect(other.entries.map(\.state) == [.noTests, .inProgress(passed: 0, total: 1), .noTests, .noTests])
    }

    @Test func theClosingLineCountsTheContractOnlyNeverTheLearnersProgress() throws {
        let chapters = ProgressAndMapTests.chapters
        let todo = { (module: String, suite: String, id: String) in
            Self.test(module, suite, "t()", ["Caught error: TODO(\(id)) is not done yet"])
        }
        // The committed stubs: each exercise fails on its own TODO, everything else passes.
        let stubs = TestRun(
            cases: [
                todo("SubstrateExercisesTests", "DownPredictionTests", "0.1"),
                todo("LocalTableExercisesTests", "BrokenTableTests", "1.1"),
                todo("LocalTableExercisesTests", "OneListEverywhereTests", "1.2"),
                todo("MonitorsExercisesTests", "StrayLeaveTests", "2.1"),
                Self.test("ClusterTests", "CallTests", "aCall()"),
            ], exitStatus: 1, log: Self.log)
        let solutions = TestRun(
            cases: [
                Self.test("SubstrateExercisesTests", "DownPredictionTests", "t()"),
                Self.test("LocalTableExercisesTests", "BrokenTableTests", "t()"),
                Self.test("LocalTableExercisesTests", "OneListEverywhereTests", "t()"),
                Self.test("MonitorsExercisesTests", "StrayLeaveTests", "t()"),
                Self.test("ClusterTests", "CallTests", "aCall()"),
            ], exitStatus: 0, log: Self.log)
        let learnerProblems = Verify.checkLearner(stubs, chapters: chapters)
        #expect(learnerProblems.isEmpty)
        #expect(Verify.solutionProblems(solutions).isEmpty)
        #expect(Verify.closingLine(solutions: solutions, learnerProblems: learnerProblems) == "5 passed, 0 failed")

        // The learner's working tree, with chapter 1 solved: as the contract it would break it
        // (that was issue 8), as progress it reads as two exercises solved.
        let work = TestRun(
            cases: [
                todo("SubstrateExercisesTests", "DownPredictionTests", "0.1"),
                Self.test("LocalTableExercisesTests", "BrokenTableTests", "t()"),
                Self.test("LocalTableExercisesTests", "OneListEverywhereTests", "t()"),
                todo("MonitorsExercisesTests", "StrayLeaveTests", "2.1"),
            ], exitStatus: 1, log: Self.log)
        #expect(Verify.checkLearner(work, chapters: chapters).count == 2)
        let progress = LearnerProgress(
            work.cases, chapters: chapters,
            changedFiles: [
                "Exercises/01-LocalTable/BrokenTable.swift", "Exercises/01-LocalTable/OneListEverywhere.swift",
            ])
        #expect(progress.entries.filter { $0.state == .solved }.map(\.id) == ["1.1", "1.2"])

        // A committed stub that no longer fails on its TODO is still a failure.
        let broken = TestRun(cases: stubs.cases.filter { $0.suite != "BrokenTableTests" }, exitStatus: 1, log: Self.log)
        let brokenProblems = Verify.checkLearner(broken, chapters: chapters)
        #expect(
            brokenProblems == ["learner mode: exercise 1.1 (Spot the broken table) has no test failing on its TODO"])
        #expect(Verify.closingLine(solutions: solutions, learnerProblems: brokenProblems) == "5 passed, 1 failed")
    }
}
