import Foundation
import Testing

@testable import WorkbookCLI

@Suite struct OutputParsingTests {
    @Test("The first compile error is found, with its file and line")
    func theFirstCompileErrorIsFoundWithItsFileAndLine() {
        let output = """
            Building for debugging...
            /repo/Exercises/01-LocalTable/BrokenTable.swift:31:5: error: cannot find 'cout' in scope
            /repo/Exercises/01-LocalTable/BrokenTable.swift:40:1: error: expected '}'
            """
        let error = BuildDiagnostics.firstError(in: output, root: "/repo")
        #expect(
            error
                == .init(
                    file: "Exercises/01-LocalTable/BrokenTable.swift", line: 31, column: 5,
                    message: "cannot find 'cout' in scope"))
        #expect(BuildDiagnostics.firstError(in: "Build complete!", root: "/repo") == nil)
    }

    @Test("A test without a display name reads as words, without its parameter labels")
    func testNamesReadAsSentences() {
        #expect(Check.sentence("joiningTwiceListsThePidTwice()") == "joining twice lists the pid twice")
        #expect(Check.sentence("agreesOnRandomCounts(seed:)") == "agrees on random counts")
        #expect(Check.sentence("join(_:_:)") == "join")
    }

    @Test("The TODO of a failure names its exercise")
    func theTodoOfAFailureNamesItsExercise() {
        #expect(Verify.todoID(in: "Caught error: TODO(2.3) is not done yet: …") == "2.3")
        #expect(Verify.todoID(in: "Expectation failed: 1 == 2") == nil)
    }

    static let report = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites><testsuite name="TestResults" tests="3" failures="1">
        <testcase classname="LocalTableExercisesTests.BrokenTableTests" name="joiningTwice()" time="0.1">
          <failure message="Caught error: TODO(1.1) is not done yet: count &#8212; edit X" />
        </testcase>
        <testcase classname="LocalTableExercisesTests.BrokenTableTests" name="firstJoin()" time="0.1" />
        <testcase classname="ClusterTests.CallTests" name="aCall()" time="0.1" />
        </testsuite></testsuites>
        """

    @Test("An xUnit report gives each test's module, suite and failures")
    func anXUnitReportGivesModuleSuiteAndFailures() throws {
        let cases = try TestRun.parse(Data(Self.report.utf8))
        #expect(cases.count == 3)
        #expect(cases[0].module == "LocalTableExercisesTests")
        #expect(cases[0].suite == "BrokenTableTests")
        #expect(cases[0].failures == ["Caught error: TODO(1.1) is not done yet: count — edit X"])
        #expect(cases[1].passed && cases[2].passed)
    }

    @Test("The learner contract accepts TODO failures in exercise tests only")
    func theLearnerContractAcceptsTodoFailuresInExerciseTestsOnly() throws {
        let chapters = ProgressAndMapTests.chapters
        let log = URL(fileURLWithPath: "/dev/null")
        func run(_ cases: [TestRun.Case]) -> [String] {
            Verify.checkLearner(TestRun(cases: cases, exitStatus: 1, log: log), chapters: chapters)
        }
        let todo = { (id: String, suite: String) in
            TestRun.Case(
                className: "LocalTableExercisesTests.\(suite)", name: "t()",
                failures: ["Caught error: TODO(\(id)) …"])
        }
        let monitorTodo = TestRun.Case(
            className: "MonitorsExercisesTests.StrayLeaveTests", name: "t()", failures: ["Caught error: TODO(2.1) …"])
        let substrateTodo = TestRun.Case(
            className: "SubstrateExercisesTests.DownPredictionTests", name: "t()",
            failures: ["Caught error: TODO(0.1) …"])
        let good = [substrateTodo, todo("1.1", "BrokenTableTests"), todo("1.2", "OneListEverywhereTests"), monitorTodo]
        #expect(run(good).isEmpty)
        #expect(
            run(Array(good.dropLast())).contains { $0.contains("exercise 2.1") }, "every exercise must fail on its TODO"
        )
        let chapterFailure = TestRun.Case(
            className: "ClusterTests.CallTests", name: "aCall()", failures: ["Expectation failed"])
        #expect(run(good + [chapterFailure]).contains { $0.contains("only exercise tests may") })
        let wrongFailure = TestRun.Case(
            className: "LocalTableExercisesTests.BrokenTableTests", name: "u()", failures: ["Expectation failed"])
        #expect(run(good + [wrongFailure]).contains { $0.contains("without its TODO") })
        #expect(run([]).first?.contains("no test results") == true, "a crash is caught")
        #expect(
            run(Array(good.dropFirst())).contains { $0.contains("exercise 0.1") }, "chapter 0's exercises count too")
        let broken = TestRun(
            cases: [], exitStatus: 1, log: log,
            build: .failed(
                .init(file: "Exercises/00-Substrate/QuorumCall.swift", line: 7, column: 1, message: "expected '}'")))
        #expect(
            Verify.checkLearner(broken, chapters: chapters)
                == [
                    "learner mode: the build fails at Exercises/00-Substrate/QuorumCall.swift:7:1: expected '}' "
                        + "(a stub must compile) — see /dev/null"
                ])
    }
}
