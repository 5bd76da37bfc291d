import Foundation
import Testing

@testable import WorkbookCLI

/// `check`, `check --all` and `watch`: what they say and what they record, from made-up runs —
/// none of these tests runs `swift build` or `swift test`.
@Suite struct CheckTests {
    static let chapters = ProgressAndMapTests.chapters
    /// A log path the messages name; nothing is written to it.
    static let log = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-test.log")

    static func test(_ module: String, _ suite: String, _ name: String, failing message: String? = nil) -> TestRun.Case
    {
        TestRun.Case(className: "\(module).\(suite)", name: name, failures: message.map { [$0] } ?? [])
    }

    /// 0.1 passes; 1.1 fails one test on an assertion; 1.2 is still the stub; 2.1's tests did not run.
    static let cases = [
        test("SubstrateExercisesTests", "DownPredictionTests", "a()"),
        test("SubstrateExercisesTests", "DownPredictionTests", "b()"),
        test("LocalTableExercisesTests", "BrokenTableTests", "c()"),
        test("LocalTableExercisesTests", "BrokenTableTests", "d()", failing: "Expectation failed: 1 == 2"),
        test(
            "LocalTableExercisesTests", "OneListEverywhereTests", "e()",
            failing: "Caught error: TODO(1.2) is not done yet"),
        test(
            "LocalTableExercisesTests", "OneListEverywhereTests", "f()",
            failing: "Caught error: TODO(1.2) is not done yet"),
        test("SubstrateExercisesTests", "PlantedAnswersTests", "g()"),
    ]

    static let buildError = BuildDiagnostics.Diagnostic(
        file: "Exercises/01-LocalTable/BrokenTable.swift", line: 31, column: 5, message: "cannot find 'cout' in scope")

    // MARK: A build that fails

    @Test("A build failure erases no recorded progress, for one exercise or for all")
    func aBuildFailureErasesNoProgress() {
        var progress = Progress()
        for id in ["0.1", "1.1", "2.1"] { progress.record(id, passed: true) }
        let before = progress
        let broken = TestRun(cases: [], exitStatus: 1, log: Self.log, build: .failed(Self.buildError))
        for (chapter, exercise) in [
            (Self.chapters[1], Self.chapters[1].exercises[0]), (Self.chapters[0], Self.chapters[0].exercises[0]),
        ] {
            let outcome = Check.outcome(of: broken, chapter: chapter, exercise: exercise, chapters: Self.chapters)
            #expect(outcome.passed == nil)
            progress.record(exercise.id, outcome)
        }
        progress.record(Check.Summary([], chapters: Self.chapters))  // what --all would record from no results
        #expect(progress == before)
    }

    @Test("A build failure says the build fails, at which file and line, and that nothing else could be checked")
    func aBuildFailureSaysWhereAndThatNothingElseWasChecked() {
        let broken = TestRun(cases: [], exitStatus: 1, log: Self.log, build: .failed(Self.buildError))
        let report = Check.outcome(
            of: broken, chapter: Self.chapters[0], exercise: Self.chapters[0].exercises[0], chapters: Self.chapters
        ).report
        #expect(report.contains("The build fails"))
        #expect(
            report.contains(
                "in Exercises/01-LocalTable/BrokenTable.swift (exercise 1.1, Spot the broken table), line 31"))
        #expect(report.contains("Exercises/01-LocalTable/BrokenTable.swift:31:5: error: cannot find 'cout' in scope"))
        #expect(report.contains("Nothing else could be checked"))
        #expect(report.contains("recorded progress is kept"))
        let unknown = Check.buildFailure(nil, log: Self.log, chapters: Self.chapters)
        #expect(unknown.contains("The build fails") && unknown.contains(Self.log.path))
    }

    @Test("A run in which the exercise's tests didn't run records nothing either")
    func aRunWithoutTheExercisesTestsRecordsNothing() {
        var progress = Progress()
        progress.record("2.1", passed: true)
        let crashed = TestRun(cases: Self.cases, exitStatus: 1, log: Self.log)
        let outcome = Check.outcome(
            of: crashed, chapter: Self.chapters[2], exercise: Self.chapters[2].exercises[0], chapters: Self.chapters)
        #expect(outcome.passed == nil)
        progress.record("2.1", outcome)
        #expect(progress.isDone("2.1"))
    }

    @Test("A run's output is the build's log followed by the tests'")
    func theBuildAndTestOutputShareOneLog() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-log-\(UUID()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let here = URL(fileURLWithPath: "/")
        #expect(try Launcher.run(["sh", "-c", "echo build"], in: here, environment: [:], log: log) == 0)
        #expect(
            try Launcher.run(["sh", "-c", "echo test; exit 3"], in: here, environment: [:], log: log, append: true) == 3
        )
        #expect(try String(contentsOf: log, encoding: .utf8) == "build\ntest\n")
        _ = try Launcher.run(["sh", "-c", "echo again"], in: here, environment: [:], log: log)
        #expect(try String(contentsOf: log, encoding: .utf8) == "again\n", "a new run starts a new log")
    }

    // MARK: check --all

    @Test("check --all's summary marks each exercise ✓, ✗ or · with counts, on one screen")
    func theSummaryMarksEachExerciseWithCounts() {
        let summary = Check.Summary(Self.cases, chapters: Self.chapters)
        #expect(
            summary.entries.map(\.state) == [.passed, .failing(passed: 1, total: 2), .notStarted(total: 2), .noTests])
        var progress = Progress()
        progress.record(summary)
        let text = summary.render(next: progress.next(in: Self.chapters), log: Self.log)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { $0.hasPrefix("Chapter 0 — The substrate") && $0.hasSuffix("1 of 1 pass") })
        #expect(lines.contains { $0.hasPrefix("Chapter 1 — The local table") && $0.hasSuffix("0 of 2 pass") })
        #expect(lines.contains { $0.hasPrefix("  ✓ 0.1 Predict the DOWN") && $0.hasSuffix("passes") })
        #expect(lines.contains { $0.hasPrefix("  ✗ 1.1 Spot the broken table") && $0.hasSuffix("1 of 2 tests pass") })
        #expect(lines.contains { $0.hasPrefix("  · 1.2 One list on every node") && $0.contains("not started") })
        #expect(lines.contains { $0.hasPrefix("  ? 2.1 OTP-7277, replayed") && $0.contains("none of its tests ran") })
        #expect(
            text.contains(
                "1 of 4 exercises pass, 1 fail, 1 not started, 1 did not run (recorded results kept; "
                    + "the run's output is in \(Self.log.path))."))
        #expect(
            text.contains(
                "Next: exercise 1.1, Spot the broken table — Exercises/01-LocalTable/BrokenTable.swift"))
        #expect(lines.count <= Self.chapters.count + 4 + 4, "one line per chapter and per exercise, and a short footer")
    }

    @Test("check --all records every exercise whose tests ran, and keeps the others' results")
    func checkAllRecordsWhatRan() {
        var progress = Progress()
        for id in ["1.1", "1.2", "2.1"] { progress.record(id, passed: true) }
        progress.record(Check.Summary(Self.cases, chapters: Self.chapters))
        #expect(progress.passed == ["0.1", "2.1"], "0.1 passed; 1.1 and 1.2 fail now; 2.1 did not run, so it stays")
    }

    @Test("The columns of the summary line up")
    func theSummaryColumnsLineUp() {
        let text = Check.Summary(Self.cases, chapters: Self.chapters).render(next: nil, log: Self.log)
        let exerciseLines = text.split(separator: "\n").filter { $0.hasPrefix("  ") }.map(String.init)
        // Where the status starts: after the label, at the first run of two spaces or more.
        let columns = Set(
            exerciseLines.map { line -> Int in
                let label = line.index(line.startIndex, offsetBy: 4)
                let gap = line.range(of: #"\s{2,}"#, options: .regularExpression, range: label..<line.endIndex)!
                return line.distance(from: line.startIndex, to: gap.upperBound)
            })
        #expect(exerciseLines.count == 4)
        #expect(columns.count == 1, "\(text)")
    }

    // MARK: Test names

    /// Swift Testing's event stream (version 0), cut down: a suite, a test with a display name,
    /// one without, a parameterised one, and an event record.
    static let eventStream = #"""
        {"kind":"test","payload":{"displayName":"Exercise 0.1 — Predict the DOWN",\#
        "id":"SubstrateExercisesTests.DownPredictionTests","kind":"suite","name":"DownPredictionTests",\#
        "sourceLocation":{"_filePath":"\/w\/T.swift","column":2,"fileID":"S\/T.swift","line":9}},"version":0}
        {"kind":"test","payload":{"displayName":"The dead pid's rows go",\#
        "id":"SubstrateExercisesTests.DownPredictionTests\/theDeadPidsRowsGo()\/T.swift:30:6",\#
        "isParameterized":false,"kind":"function","name":"theDeadPidsRowsGo()",\#
        "sourceLocation":{"_filePath":"\/w\/T.swift","column":6,"fileID":"S\/T.swift","line":30}},"version":0}
        {"kind":"test",\#
        "payload":{"id":"SubstrateExercisesTests.DownPredictionTests\/joiningTwiceListsThePidTwice()\/T.swift:12:6",\#
        "isParameterized":false,"kind":"function","name":"joiningTwiceListsThePidTwice()",\#
        "sourceLocation":{"_filePath":"\/w\/T.swift","column":6,"fileID":"S\/T.swift","line":12}},"version":0}
        {"kind":"test","payload":{"_testCases":[{"displayName":"6303","id":"x"}],\#
        "id":"SubstrateExercisesTests.DownPredictionTests\/agreesOnRandomCounts(seed:)\/T.swift:20:6",\#
        "isParameterized":true,"kind":"function","name":"agreesOnRandomCounts(seed:)",\#
        "sourceLocation":{"_filePath":"\/w\/T.swift","column":6,"fileID":"S\/T.swift","line":20}},"version":0}
        {"kind":"event","payload":{"instant":{"absolute":1.5,"since1970":2.5},"kind":"runStarted",\#
        "messages":[{"symbol":"default","text":"Test run started."}]},"version":0}
        not json at all
        """#

    @Test("Test names come from the event stream: display names with their apostrophes, never parameter labels")
    func testNamesComeFromTheEventStream() {
        let names = TestNames(eventStream: Data(Self.eventStream.utf8))
        let cases = names.apply(to: [
            Self.test("SubstrateExercisesTests", "DownPredictionTests", "theDeadPidsRowsGo()"),
            Self.test("SubstrateExercisesTests", "DownPredictionTests", "joiningTwiceListsThePidTwice()"),
            Self.test("SubstrateExercisesTests", "DownPredictionTests", "agreesOnRandomCounts(seed:)"),
            Self.test("SubstrateExercisesTests", "OtherTests", "theDeadPidsRowsGo()"),
        ])
        #expect(
            cases.map(\.title) == [
                "The dead pid's rows go", "joining twice lists the pid twice", "agrees on random counts",
                "the dead pids rows go",
            ])
        #expect(cases.map(\.line) == [30, 12, 20, nil])
        #expect(TestNames(eventStream: Data()) == TestNames())
    }

    @Test("A nested suite's test is matched by its xUnit class name")
    func aNestedSuitesTestIsMatched() {
        #expect(
            TestNames.key(id: "M.Outer/Inner/f()/F.swift:3:4", name: "f()")
                == TestNames.key(className: "M.Outer.Inner", name: "f()"))
        #expect(
            TestNames.key(id: "M.Suite/f()/F.swift:3:4", name: "f()")
                == TestNames.key(className: "M.Suite", name: "f()"))
    }

    @Test("check lists an exercise's tests in file order, by their names")
    func checkListsTestsInFileOrder() {
        let names = TestNames(eventStream: Data(Self.eventStream.utf8))
        let cases = names.apply(to: [
            Self.test(
                "SubstrateExercisesTests", "DownPredictionTests", "theDeadPidsRowsGo()",
                failing: "Caught error: TODO(0.1) …"),
            Self.test("SubstrateExercisesTests", "DownPredictionTests", "agreesOnRandomCounts(seed:)"),
            Self.test("SubstrateExercisesTests", "DownPredictionTests", "joiningTwiceListsThePidTwice()"),
        ])
        let report = Check.describe(
            cases, exercise: Self.chapters[0].exercises[0], file: "Exercises/00-Substrate/DownPrediction.swift")
        #expect(
            report.hasPrefix(
                """
                  ✓ joining twice lists the pid twice
                  ✓ agrees on random counts
                  ✗ The dead pid's rows go — not written yet (still the TODO stub)
                """))
        #expect(report.contains("1 of 3 tests fail. Edit Exercises/00-Substrate/DownPrediction.swift"))
        #expect(!report.contains("(seed:)"))
    }

    // MARK: watch

    @Test("watch says it waits for a save anywhere under Exercises/, and which exercise it checks then")
    func watchSaysWhatItWatches() {
        let line = Watch.waiting(for: Self.chapters[1], Self.chapters[1].exercises[1])
        #expect(line.contains("any .swift file under Exercises/"))
        #expect(line.contains("exercise 1.2 (Exercises/01-LocalTable/OneListEverywhere.swift)"))
        #expect(!line.contains("a change to Exercises/01-LocalTable/OneListEverywhere.swift"))
    }

    @Test("watch notices a save in any exercise's folder, not only the current one's")
    func watchNoticesASaveAnywhereUnderExercises() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let current = folder.appendingPathComponent("01-LocalTable/OneListEverywhere.swift")
        let other = folder.appendingPathComponent("00-Substrate/QuorumCall.swift")
        for file in [current, other] {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("// stub\n".utf8).write(to: file)
        }
        let before = Watch.fingerprint(folder)
        #expect(before.count == 2)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: other.path)
        #expect(Watch.fingerprint(folder) != before)
    }
}
