import Foundation

/// `workbook verify`: the exercises' contract, proved both ways.
///
/// 1. **Learner mode** (the stubs): every exercise has at least one failing test, and each such
///    failure is the exercise's own `TODO` error — not a crash, not a wrong assertion. Every other
///    test (substrate, chapters) passes: a learner's unfinished exercises must never break them.
/// 2. **Solution mode** (`WORKBOOK_SOLUTIONS=1`): every test passes.
///
/// It ends with `N passed, N failed` for the solution run, the line CI reads.
enum Verify {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        print("verify: learner mode (stubs) — building and testing, this takes a minute…")
        let learner = try TestRun.run(root: root, solutions: false)
        let learnerProblems = checkLearner(learner, chapters: chapters)
        var problems = learnerProblems

        print("verify: solution mode (WORKBOOK_SOLUTIONS=1) — building and testing…")
        let solutions = try TestRun.run(root: root, solutions: true)
        if solutions.cases.isEmpty {
            problems.append("solution mode: no test results (build failure or crash?) — see \(solutions.log.path)")
        }
        for test in solutions.cases where !test.passed {
            problems.append("solution mode: \(test.className).\(test.name) failed: \(test.failures[0])")
        }
        if solutions.exitStatus != 0, solutions.cases.allSatisfy(\.passed) {
            problems.append("solution mode: swift test exited with \(solutions.exitStatus) — see \(solutions.log.path)")
        }

        for run in [learner, solutions] {
            let log = (try? String(contentsOf: run.log, encoding: .utf8)) ?? ""
            let warnings = log.split(separator: "\n").filter { $0.contains("warning:") }
            if let first = warnings.first {
                problems.append("\(run === learner ? "learner" : "solution") mode: the build has \(Set(warnings).count) warning(s), e.g. \(first)")
            }
        }
        for problem in problems { print("  ✘ \(problem)") }
        print(problems.isEmpty ? "verify: the contract holds." : "verify: the contract is broken (\(problems.count) problems).")
        // The closing line counts the solution run's tests; a broken learner-mode contract counts
        // as failures too, so the line never reads "0 failed" while the contract is broken.
        let passed = solutions.cases.filter(\.passed).count
        let failed = solutions.cases.count - passed + learnerProblems.count
        print("\(passed) passed, \(failed) failed")
        return problems.isEmpty ? 0 : 1
    }

    /// The learner-mode half of the contract; returns what is wrong.
    static func checkLearner(_ run: TestRun, chapters: [ChapterManifest]) -> [String] {
        guard !run.cases.isEmpty else {
            return ["learner mode: no test results (a stub that does not compile, or a crash?) — see \(run.log.path)"]
        }
        var problems: [String] = []
        let exerciseModules = Set(chapters.map(\.testModule))
        var todoFailures: [String: Int] = [:]
        for test in run.cases where !test.passed {
            guard exerciseModules.contains(test.module) else {
                problems.append("learner mode: \(test.className).\(test.name) failed, but only exercise tests may: \(test.failures[0])")
                continue
            }
            for message in test.failures {
                guard let id = todoID(in: message) else {
                    problems.append("learner mode: \(test.className).\(test.name) failed without its TODO: \(message)")
                    continue
                }
                todoFailures[id, default: 0] += 1
            }
        }
        for chapter in chapters {
            for exercise in chapter.exercises where todoFailures[exercise.id] == nil {
                problems.append("learner mode: exercise \(exercise.id) (\(exercise.title)) has no test failing on its TODO")
            }
        }
        let failed = run.cases.filter { !$0.passed }.count
        print("verify: learner mode: \(run.cases.count - failed) passed, \(failed) failed on stubs (expected), "
            + "\(todoFailures.count) exercises checked")
        return problems
    }

    /// `1.2` from a message like `Caught error: TODO(1.2) is not done yet: …`.
    static func todoID(in message: String) -> String? {
        guard let start = message.range(of: "TODO(") else { return nil }
        let rest = message[start.upperBound...]
        guard let end = rest.firstIndex(of: ")") else { return nil }
        return String(rest[..<end])
    }
}
