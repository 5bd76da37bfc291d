import Foundation

/// `workbook check [exercise | --all]`: builds, runs one exercise's tests (default: the next
/// pending one) or every exercise's, says in plain words what passed and what did not, and
/// records progress.
///
/// Progress changes only on evidence: an exercise is recorded as passed or not when its tests
/// ran. A build that fails runs no test, so it changes nothing — a compile error in one file must
/// not erase what the other exercises have earned.
enum Check {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        if arguments.has("--all") { return try runAll(chapters, root: root) }
        var progress = Progress.load(from: root)
        guard let (chapter, exercise) = try target(arguments.firstOperand, chapters, progress) else {
            let first = chapters.firstExerciseID
            print(
                "Every exercise is done — nothing to check. (swift run workbook check \(first) re-checks one; "
                    + "swift run workbook check --all re-checks them all.)")
            return 0
        }
        let outcome = try check(chapter, exercise, root: root, chapters: chapters)
        print(outcome.report)
        guard let passed = outcome.passed else { return 1 }  // nothing ran: nothing to record
        progress.record(exercise.id, outcome)
        try progress.save(to: root)
        if passed, let (nextChapter, next) = progress.next(in: chapters) {
            print("\nNext: exercise \(next.id), \(next.title) — \(nextChapter.path(of: next))")
        }
        return passed ? 0 : 1
    }

    /// The exercise named `id`, or the next pending one.
    static func target(_ id: String?, _ chapters: Manifest, _ progress: Progress) throws -> Manifest.Located? {
        guard let id else { return progress.next(in: chapters) }
        return try chapters.exercise(id)
    }

    struct Outcome {
        /// Whether every test of the exercise passed; nil if none ran (the build failed, or the
        /// run crashed), so nothing is known and nothing may be recorded.
        let passed: Bool?
        let report: String
    }

    /// Builds, runs the exercise's suite and describes the result.
    static func check(
        _ chapter: ChapterManifest, _ exercise: ChapterManifest.Exercise, root: URL, chapters: [ChapterManifest]
    ) throws -> Outcome {
        let file = chapter.path(of: exercise)
        print("Checking exercise \(exercise.id), \(exercise.title) (\(file)) — building…")
        let run = try TestRun.run(root: root, solutions: false, filter: "\(chapter.testModule).\(exercise.suite)")
        return outcome(of: run, chapter: chapter, exercise: exercise, chapters: chapters)
    }

    /// What a run says about one exercise.
    static func outcome(
        of run: TestRun, chapter: ChapterManifest, exercise: ChapterManifest.Exercise, chapters: [ChapterManifest]
    ) -> Outcome {
        if case .failed(let error) = run.build {
            return Outcome(passed: nil, report: buildFailure(error, log: run.log, chapters: chapters))
        }
        let mine = run.cases.filter { $0.module == chapter.testModule && $0.suite == exercise.suite }
        guard !mine.isEmpty else {
            return Outcome(
                passed: nil,
                report: """
                    No test of exercise \(exercise.id) ran (the test run may have crashed); your recorded progress \
                    is kept. The full output is in \(run.log.path)
                    """)
        }
        let file = chapter.path(of: exercise)
        return Outcome(passed: mine.allSatisfy(\.passed), report: describe(mine, exercise: exercise, file: file))
    }

    /// The build failed: where, and that nothing else could be checked.
    static func buildFailure(_ error: BuildDiagnostics.Diagnostic?, log: URL, chapters: [ChapterManifest]) -> String {
        let kept = "Nothing else could be checked, and your recorded progress is kept as it was."
        guard let error else {
            return "The build fails, so no test could run. \(kept)\nThe build's output is in \(log.path)"
        }
        var whose = ""
        var fix = "Fix that line, then check again."
        if let (_, exercise) = chapters.exercise(inFile: error.file) {
            whose = " (exercise \(exercise.id), \(exercise.title))"
        }
        if error.file.hasPrefix("Exercises/") {
            fix = "Fix that line — every exercise must compile for any test to run — then check again."
        }
        return """
            The build fails, so no test could run. The first error, in \(error.file)\(whose), line \(error.line):
              \(error.file):\(error.line):\(error.column): error: \(error.message)
            \(kept) \(fix)
            """
    }

    /// One line per test, in file order, in plain words.
    static func describe(_ cases: [TestRun.Case], exercise: ChapterManifest.Exercise, file: String) -> String {
        var lines: [String] = []
        for test in inFileOrder(cases) {
            if test.passed {
                lines.append("  ✓ \(test.title)")
            } else {
                let reason =
                    test.failures[0].contains("TODO(") ? "not written yet (still the TODO stub)" : test.failures[0]
                lines.append("  ✗ \(test.title) — \(reason)")
            }
        }
        let failed = cases.filter { !$0.passed }.count
        if failed == 0 {
            lines.append("\nExercise \(exercise.id) passes: all \(cases.count) tests. Well done.")
        } else {
            lines.append(
                "\n\(failed) of \(cases.count) tests fail. Edit \(file); stuck? swift run workbook hint \(exercise.id)")
        }
        return lines.joined(separator: "\n")
    }

    /// Tests in the order their file lists them (by line), then by title.
    static func inFileOrder(_ cases: [TestRun.Case]) -> [TestRun.Case] {
        cases.sorted { ($0.line ?? .max, $0.title) < ($1.line ?? .max, $1.title) }
    }

    /// A test function's name as words, for a test without a display name:
    /// `joiningTwiceListsThePidTwice()` → `joining twice lists the pid twice`, and
    /// `agreesOnRandomCounts(seed:)` → `agrees on random counts` (parameter labels dropped).
    static func sentence(_ testName: String) -> String {
        var words = ""
        for character in testName.prefix(while: { $0 != "(" }) {
            if character.isUppercase, !words.isEmpty { words.append(" ") }
            words.append(Character(character.lowercased()))
        }
        return words
    }

    // MARK: Every exercise at once

    /// `check --all`: one build, one test run of every exercise suite, a one-screen summary, and
    /// every exercise whose tests ran recorded.
    static func runAll(_ chapters: [ChapterManifest], root: URL) throws -> Int32 {
        let count = chapters.reduce(0) { $0 + $1.exercises.count }
        print("Checking all \(count) exercises — one build, one test run…")
        let filter = chapters.map(\.testModule).joined(separator: "|")
        let run = try TestRun.run(root: root, solutions: false, filter: filter)
        if case .failed(let error) = run.build {
            print(buildFailure(error, log: run.log, chapters: chapters))
            return 1
        }
        let summary = Summary(run.cases, chapters: chapters)
        var progress = Progress.load(from: root)
        progress.record(summary)
        try progress.save(to: root)
        print(summary.render(next: progress.next(in: chapters), log: run.log))
        return summary.entries.allSatisfy { $0.state == .passed } ? 0 : 1
    }
}
