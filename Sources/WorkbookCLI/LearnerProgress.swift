import Foundation

/// The learner's own work, as `workbook verify` reports it: which exercises in the working tree
/// now pass all their tests. Information only — never part of the contract, never a failure.
struct LearnerProgress: Equatable {
    enum State: Equatable {
        /// Every test of the exercise passes.
        case solved
        /// Changed, or failing on something other than its `TODO`: `passed` of `total` tests pass.
        case inProgress(passed: Int, total: Int)
        /// Still the stub: unchanged, and failing only on its own `TODO`.
        case notStarted
        /// No test of the exercise ran (a renamed suite?).
        case noTests
    }

    struct Entry: Equatable {
        let id: String
        let title: String
        let state: State
    }

    let entries: [Entry]

    /// Each exercise's state, from the exercise tests' results on the working tree and the files
    /// that differ from the last commit (paths relative to the package root).
    init(_ cases: [TestRun.Case], chapters: [ChapterManifest], changedFiles: Set<String>) {
        entries = chapters.flatMap { chapter in
            chapter.exercises.map { exercise in
                let mine = cases.filter { $0.module == chapter.testModule && $0.suite == exercise.suite }
                let passed = mine.filter(\.passed).count
                let onlyItsTodo = mine.allSatisfy { test in
                    test.failures.allSatisfy { Verify.todoID(in: $0) == exercise.id }
                }
                let state: State
                if mine.isEmpty {
                    state = .noTests
                } else if passed == mine.count {
                    state = .solved
                } else if onlyItsTodo, !changedFiles.contains(chapter.path(of: exercise)) {
                    state = .notStarted
                } else {
                    state = .inProgress(passed: passed, total: mine.count)
                }
                return Entry(id: exercise.id, title: exercise.title, state: state)
            }
        }
    }

    /// One line per exercise solved or in progress, then a tally.
    var lines: [String] {
        var lines: [String] = []
        for entry in entries {
            switch entry.state {
            case .solved: lines.append("  ✓ \(entry.id) \(entry.title) — solved: all its tests pass")
            case .inProgress(let passed, let total):
                lines.append(
                    "  … \(entry.id) \(entry.title) — in progress: \(passed) of \(total) tests pass"
                        + " (swift run workbook check \(entry.id))")
            case .noTests: lines.append("  ? \(entry.id) \(entry.title) — none of its tests ran")
            case .notStarted: break
            }
        }
        let solved = entries.filter { $0.state == .solved }.count
        let started = entries.filter { if case .inProgress = $0.state { true } else { false } }.count
        let fresh = entries.filter { $0.state == .notStarted }.count
        lines.append("  \(solved) of \(entries.count) exercises solved, \(started) in progress, \(fresh) not started.")
        return lines
    }
}
