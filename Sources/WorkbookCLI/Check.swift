import Foundation

/// `workbook check [exercise]`: builds and runs one exercise's tests (default: the next pending
/// one), says in plain words what passed and what did not, and records progress.
enum Check {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        var progress = Progress.load(from: root)
        guard let (chapter, exercise) = try target(arguments.firstOperand, chapters, progress) else {
            print("Every exercise is done — nothing to check. (swift run workbook check 1.1 re-checks one.)")
            return 0
        }
        let outcome = try check(chapter, exercise, root: root)
        print(outcome.report)
        progress.record(exercise.id, passed: outcome.passed)
        try progress.save(to: root)
        if outcome.passed, let (nextChapter, next) = progress.next(in: chapters) {
            print("\nNext: exercise \(next.id), \(next.title) — Exercises/\(nextChapter.folder)/\(next.file)")
        }
        return outcome.passed ? 0 : 1
    }

    /// The exercise named `id`, or the next pending one.
    static func target(_ id: String?, _ chapters: [ChapterManifest], _ progress: Progress) throws
        -> (ChapterManifest, ChapterManifest.Exercise)?
    {
        guard let id else { return progress.next(in: chapters) }
        guard let found = Hint.find(id, in: chapters) else {
            let known = chapters.flatMap { $0.exercises.map(\.id) }.joined(separator: ", ")
            throw WorkbookError("there is no exercise \(id); the exercises are \(known)")
        }
        return found
    }

    struct Outcome {
        let passed: Bool
        let report: String
    }

    /// Runs the exercise's suite and describes the result.
    static func check(_ chapter: ChapterManifest, _ exercise: ChapterManifest.Exercise, root: URL) throws
        -> Outcome
    {
        let file = "Exercises/\(chapter.folder)/\(exercise.file)"
        print("Checking exercise \(exercise.id), \(exercise.title) (\(file)) — building…")
        let run = try TestRun.run(root: root, solutions: false, filter: "\(chapter.testModule).\(exercise.suite)")
        let mine = run.cases.filter { $0.suite == exercise.suite }
        if mine.isEmpty {
            let log = (try? String(contentsOf: run.log, encoding: .utf8)) ?? ""
            if let error = BuildDiagnostics.firstError(in: log, root: root.path) {
                return Outcome(passed: false, report: """
                    It does not compile yet:
                      \(error.file):\(error.line):\(error.column): \(error.message)
                    Fix that line (every exercise must compile for any test to run), then check again.
                    """)
            }
            return Outcome(passed: false, report: "No test ran. The full output is in \(run.log.path)")
        }
        return Outcome(passed: mine.allSatisfy(\.passed), report: describe(mine, exercise: exercise, file: file))
    }

    /// One line per test, in plain words.
    static func describe(_ cases: [TestRun.Case], exercise: ChapterManifest.Exercise, file: String) -> String {
        var lines: [String] = []
        for test in cases.sorted(by: { $0.name < $1.name }) {
            if test.passed {
                lines.append("  ✓ \(sentence(test.name))")
            } else {
                let reason = test.failures[0].contains("TODO(") ? "not written yet (still the TODO stub)" : test.failures[0]
                lines.append("  ✗ \(sentence(test.name)) — \(reason)")
            }
        }
        let failed = cases.filter { !$0.passed }.count
        if failed == 0 {
            lines.append("\nExercise \(exercise.id) passes: all \(cases.count) tests. Well done.")
        } else {
            lines.append("\n\(failed) of \(cases.count) tests fail. Edit \(file); stuck? swift run workbook hint \(exercise.id)")
        }
        return lines.joined(separator: "\n")
    }

    /// `joiningTwiceListsThePidTwice()` → `joining twice lists the pid twice`.
    static func sentence(_ testName: String) -> String {
        let name = testName.prefix { $0 != "(" }
        var words = ""
        for character in name {
            if character.isUppercase, !words.isEmpty { words.append(" ") }
            words.append(Character(character.lowercased()))
        }
        let arguments = testName.drop { $0 != "(" }
        return arguments == "()" || arguments.isEmpty ? words : words + " " + arguments
    }
}
