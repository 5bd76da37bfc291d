import Foundation

/// `workbook verify`: the exercises' contract, proved both ways.
///
/// 1. **Learner mode** (the stubs as committed): every exercise has at least one failing test,
///    and each such failure is the exercise's own `TODO` error — not a crash, not a wrong
///    assertion. Every other test (substrate, chapters) passes: a learner's unfinished exercises
///    must never break them.
/// 2. **Solution mode** (`WORKBOOK_SOLUTIONS=1`): every test passes.
///
/// The contract is about the stubs the repository ships, so learner mode checks `Exercises/` as
/// in the last commit (git HEAD). If the working tree's `Exercises/` equals it, that is today's
/// run in the default `.build`; if the learner has changed it, the committed stubs are extracted
/// to `.workbook/stubs/` and built in `.build-stubs`, and the learner's own exercises are then
/// tested in `.build` and reported as progress — never as failures.
///
/// It ends with `N passed, N failed` for the solution run, the line CI reads.
enum Verify {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let contract = stubsToCheck(root: root)
        let chapters = try ChapterManifest.loadAll(root: contract.manifestRoot)
        print("verify: learner mode (\(contract.label)) — building and testing, this takes a minute…")
        let learner = try TestRun.run(root: root, source: contract.source)
        let learnerProblems = checkLearner(learner, chapters: chapters)
        var problems = learnerProblems

        print("verify: solution mode (WORKBOOK_SOLUTIONS=1) — building and testing…")
        let solutions = try TestRun.run(root: root, source: .solutions)
        problems += solutionProblems(solutions)
        problems += warningProblems(learner, mode: "learner") + warningProblems(solutions, mode: "solution")

        if case .changed(let files) = contract.baseline {
            do {
                try reportProgress(root: root, changedFiles: Set(files), fallbackChapters: chapters)
            } catch {
                print("  Could not test your work: \(error)")  // information, like the rest of the progress
            }
        }
        for problem in problems { print("  ✘ \(problem)") }
        if learnerProblems.contains(where: { $0.contains("has no test failing on its TODO") }) {
            if case .unavailable = contract.baseline {
                print(
                    "  (Without git, verify cannot tell an exercise you have solved from a broken stub: "
                        + "in a git clone it checks the stubs as committed and reports your work apart.)")
            } else if let commits = CommittedStubs.ownCommitsChangingExercises(root: root), commits > 0 {
                print(
                    "  (\(commits) commit(s) of your own change Exercises/ — "
                        + "git log origin/HEAD..HEAD -- Exercises — "
                        + "and verify checks the stubs as committed in HEAD: if those are your answers, "
                        + "that is your progress, not a broken workbook.)")
            }
        }
        print(
            problems.isEmpty
                ? "verify: the contract holds." : "verify: the contract is broken (\(problems.count) problems).")
        print(closingLine(solutions: solutions, learnerProblems: learnerProblems))
        return problems.isEmpty ? 0 : 1
    }

    /// Which stubs learner mode checks, and how it says so.
    struct Contract {
        let baseline: CommittedStubs.Baseline
        let source: TestRun.Source
        /// The folder whose `Exercises/manifest` lists the exercises to check.
        let manifestRoot: URL
        let label: String
    }

    /// The committed stubs: the working tree itself if `Exercises/` equals git HEAD, else a copy
    /// extracted from HEAD; the working tree, said plainly, when git cannot tell.
    static func stubsToCheck(root: URL) -> Contract {
        let asIs = "the stubs in Exercises/"
        var baseline = CommittedStubs.compare(root: root)
        switch baseline {
        case .unchanged:
            return Contract(baseline: baseline, source: .workingTree, manifestRoot: root, label: asIs)
        case .changed(let files):
            do {
                let stubs = try CommittedStubs.extract(root: root)
                print(
                    "verify: you have changed Exercises/ (\(files.count) file\(files.count == 1 ? "" : "s")), "
                        + "so the contract is checked on the stubs as committed (git HEAD), copied to "
                        + "\(CommittedStubs.exercisesFolder) and built in .build-stubs; your own work is "
                        + "reported afterwards, as progress.")
                return Contract(
                    baseline: baseline, source: .committedStubs(folder: CommittedStubs.exercisesFolder),
                    manifestRoot: stubs, label: "the stubs as committed")
            } catch {
                baseline = .unavailable("\(error)")
            }
        case .unavailable: break
        }
        if case .unavailable(let reason) = baseline {
            print(
                "verify: cannot read the stubs as committed (\(reason)), so it checks Exercises/ as it is "
                    + "on disk, your changes included.")
        }
        return Contract(baseline: baseline, source: .workingTree, manifestRoot: root, label: asIs)
    }

    /// Tests the learner's own `Exercises/` (the working tree, in `.build`) and prints which
    /// exercises are solved and which are in progress. Nothing here is a failure of `verify`.
    static func reportProgress(root: URL, changedFiles: Set<String>, fallbackChapters: [ChapterManifest]) throws {
        print("verify: your work in Exercises/ (progress, not part of the contract) — building and testing it…")
        let chapters = (try? ChapterManifest.loadAll(root: root)) ?? fallbackChapters
        let work = try TestRun.run(root: root, source: .workingTree, filter: "ExercisesTests")
        let exerciseModules = Set(chapters.map(\.testModule))
        if work.cases.contains(where: { exerciseModules.contains($0.module) }) {
            for line in LearnerProgress(work.cases, chapters: chapters, changedFiles: changedFiles).lines {
                print(line)
            }
            return
        }
        if case .failed(let error?) = work.build {
            print("  Your code does not compile yet, so none of your exercises' tests ran. The first error:")
            print("    \(error.file):\(error.line):\(error.column): \(error.message)")
        } else {
            print("  None of your exercises' tests ran; the output is in \(work.log.path)")
        }
    }

    /// What is wrong with the solution-mode run.
    static func solutionProblems(_ solutions: TestRun) -> [String] {
        var problems: [String] = []
        if case .failed(let error) = solutions.build {
            problems.append("solution mode: the build fails\(at(error)) — see \(solutions.log.path)")
        } else if solutions.cases.isEmpty {
            problems.append("solution mode: no test results (a crash?) — see \(solutions.log.path)")
        }
        for test in solutions.cases where !test.passed {
            problems.append("solution mode: \(test.className).\(test.name) failed: \(test.failures[0])")
        }
        if solutions.exitStatus != 0, solutions.cases.allSatisfy(\.passed) {
            problems.append(
                "solution mode: swift test exited with \(solutions.exitStatus) — see \(solutions.log.path)")
        }
        return problems
    }

    /// A build warning in a run's log, as a problem: the workbook builds with none.
    static func warningProblems(_ run: TestRun, mode: String) -> [String] {
        let log = (try? String(contentsOf: run.log, encoding: .utf8)) ?? ""
        let warnings = log.split(separator: "\n").filter { $0.contains("warning:") }
        guard let first = warnings.first else { return [] }
        return ["\(mode) mode: the build has \(Set(warnings).count) warning(s), e.g. \(first)"]
    }

    /// `N passed, N failed`: the solution run's tests; a broken learner-mode contract counts as
    /// failures too, so the line never reads "0 failed" while the contract is broken. The
    /// learner's own progress is not in it.
    static func closingLine(solutions: TestRun, learnerProblems: [String]) -> String {
        let passed = solutions.cases.filter(\.passed).count
        let failed = solutions.cases.count - passed + learnerProblems.count
        return "\(passed) passed, \(failed) failed"
    }

    /// The learner-mode half of the contract; returns what is wrong.
    static func checkLearner(_ run: TestRun, chapters: [ChapterManifest]) -> [String] {
        if case .failed(let error) = run.build {
            return ["learner mode: the build fails\(at(error)) (a stub must compile) — see \(run.log.path)"]
        }
        guard !run.cases.isEmpty else {
            return ["learner mode: no test results (a crash?) — see \(run.log.path)"]
        }
        var problems: [String] = []
        let exerciseModules = Set(chapters.map(\.testModule))
        var todoFailures: [String: Int] = [:]
        for test in run.cases where !test.passed {
            guard exerciseModules.contains(test.module) else {
                problems.append(
                    "learner mode: \(test.className).\(test.name) failed, "
                        + "but only exercise tests may: \(test.failures[0])"
                )
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
                problems.append(
                    "learner mode: exercise \(exercise.id) (\(exercise.title)) has no test failing on its TODO")
            }
        }
        let failed = run.cases.filter { !$0.passed }.count
        print(
            "verify: learner mode: \(run.cases.count - failed) passed, \(failed) failed on stubs (expected), "
                + "\(todoFailures.count) exercises checked")
        return problems
    }

    /// ` at file:line: message`, for a build failure's first error if there is one.
    static func at(_ error: BuildDiagnostics.Diagnostic?) -> String {
        error.map { " at \($0.file):\($0.line):\($0.column): \($0.message)" } ?? ""
    }

    /// `1.2` from a message like `Caught error: TODO(1.2) is not done yet: …`.
    static func todoID(in message: String) -> String? {
        guard let start = message.range(of: "TODO(") else { return nil }
        let rest = message[start.upperBound...]
        guard let end = rest.firstIndex(of: ")") else { return nil }
        return String(rest[..<end])
    }
}
