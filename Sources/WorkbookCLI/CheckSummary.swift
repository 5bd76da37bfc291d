import Foundation

extension Check {
    /// Every exercise's state after one run of all the exercise suites.
    struct Summary {
        enum State: Equatable {
            /// Every test passes.
            case passed
            /// Some test fails on something other than the exercise's own TODO.
            case failing(passed: Int, total: Int)
            /// Every failure is the exercise's TODO: the stub, untouched.
            case notStarted(total: Int)
            /// None of its tests ran.
            case noTests
        }

        struct Entry {
            let chapter: ChapterManifest
            let exercise: ChapterManifest.Exercise
            let state: State
        }

        let chapters: [ChapterManifest]
        let entries: [Entry]

        init(_ cases: [TestRun.Case], chapters: [ChapterManifest]) {
            self.chapters = chapters
            entries = chapters.flatMap { chapter in
                chapter.exercises.map { exercise in
                    let mine = cases.filter { $0.module == chapter.testModule && $0.suite == exercise.suite }
                    let passed = mine.filter(\.passed).count
                    let onlyTodo = mine.allSatisfy { $0.failures.allSatisfy { Verify.todoID(in: $0) == exercise.id } }
                    let state: State
                    if mine.isEmpty {
                        state = .noTests
                    } else if passed == mine.count {
                        state = .passed
                    } else if onlyTodo {
                        state = .notStarted(total: mine.count)
                    } else {
                        state = .failing(passed: passed, total: mine.count)
                    }
                    return Entry(chapter: chapter, exercise: exercise, state: state)
                }
            }
        }

        /// Per chapter, one line per exercise — ✓ passes, ✗ fails, · not started — with counts.
        func render(next: (ChapterManifest, ChapterManifest.Exercise)?, log: URL) -> String {
            let width = (entries.map { $0.exercise.id.count + 1 + $0.exercise.title.count }.max() ?? 0) + 4
            var lines: [String] = []
            for chapter in chapters {
                let mine = entries.filter { $0.chapter.chapter == chapter.chapter }
                let heading = "Chapter \(chapter.chapter) — \(chapter.title)"
                let passing = mine.filter { $0.state == .passed }.count
                lines.append(heading.padding(width + 4) + "\(passing) of \(mine.count) pass")
                for entry in mine {
                    let label = "\(entry.exercise.id) \(entry.exercise.title)".padding(width)
                    switch entry.state {
                    case .passed:
                        lines.append("  ✓ \(label)passes")
                    case .failing(let passed, let total):
                        lines.append("  ✗ \(label)\(passed) of \(total) tests pass")
                    case .notStarted(let total):
                        lines.append("  · \(label)not started (\(total) tests wait on its TODO)")
                    case .noTests:
                        lines.append("  ? \(label)none of its tests ran")
                    }
                }
            }
            let passed = entries.filter { $0.state == .passed }.count
            let failing = entries.filter { if case .failing = $0.state { true } else { false } }.count
            let fresh = entries.filter { if case .notStarted = $0.state { true } else { false } }.count
            let unknown = entries.filter { $0.state == .noTests }.count
            lines.append("")
            lines.append(
                "\(passed) of \(entries.count) exercises pass, \(failing) fail, \(fresh) not started"
                    + (unknown == 0
                        ? "" : ", \(unknown) did not run (recorded results kept; the run's output is in \(log.path))")
                    + ". Progress recorded.")
            if let (chapter, exercise) = next {
                lines.append(
                    "Next: exercise \(exercise.id), \(exercise.title) — \(chapter.path(of: exercise))")
                lines.append("(swift run workbook check \(exercise.id) lists its tests one by one)")
            } else {
                lines.append("Every exercise passes.")
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension Progress {
    /// Records what a check of exercise `id` showed. A check whose tests did not run — the build
    /// failed, or the run crashed — shows nothing, and changes nothing.
    mutating func record(_ id: String, _ outcome: Check.Outcome) {
        if let passed = outcome.passed { record(id, passed: passed) }
    }

    /// Records every exercise whose tests ran in `summary`; the others keep their recorded result.
    mutating func record(_ summary: Check.Summary) {
        for entry in summary.entries {
            switch entry.state {
            case .passed: record(entry.exercise.id, passed: true)
            case .failing, .notStarted: record(entry.exercise.id, passed: false)
            case .noTests: break
            }
        }
    }
}

extension String {
    /// The string, padded with spaces to `width` characters (at least one space after it).
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
