/// Checks a reader's *scenario*: a function that drives a subject — the real chapter code, or a
/// planted mutant of it with one bug — and returns a verdict, `true` for "behaves as pg2 does".
///
/// A scenario is good when it tells the real code from every mutant: `true` for the real one,
/// `false` for each mutant. ``problems(real:_:mutants:file:)`` runs it on all of them and returns
/// what is wrong, in the reader's words, each naming the file to edit; an empty list means the
/// scenario is good.
///
/// - A `TODO` thrown by an unfinished scenario propagates, so an exercise not yet started fails
///   with its own TODO error.
/// - Any other error a scenario throws is its verdict "this is broken": it catches a mutant, and is
///   a problem on the real code.
///
/// ```swift
/// let problems = try await ScenarioCheck.problems(
///     real: "the chapter's table", { try yourScenario(realTable()) },
///     mutants: [("a leave that drops every copy", { try yourScenario(droppingTable()) })],
///     file: "Exercises/01-LocalTable/BrokenTable.swift")
/// #expect(problems.isEmpty, "\(problems)")
/// ```
public enum ScenarioCheck {
    /// Runs `real` (the scenario on the real subject) and every mutant's run, and returns the
    /// problems: a `false` or an error on the real subject, a `true` on a mutant.
    /// - Parameters:
    ///   - real: how the real subject is named in messages, e.g. `"the chapter's table"`.
    ///   - run: the scenario run on the real subject.
    ///   - mutants: each mutant's name (what its bug is) and the scenario run on it.
    ///   - file: the file the reader edits, named in every message.
    /// - Throws: only a `TODO`, rethrown from the scenario.
    /// - Complexity: the scenario's own runs, one on the real subject and one per mutant, plus
    ///   one message built for each problem found.
    public static func problems(
        real: String, _ run: () async throws -> Bool,
        mutants: [(name: String, run: () async throws -> Bool)], file: String
    ) async throws -> [String] {
        var problems: [String] = []
        switch try await verdict(of: run) {
        case .success(true): break
        case .success(false):
            problems.append("expected your scenario to return true for \(real), got false — edit \(file)")
        case .failure(let error):
            problems.append(
                "expected your scenario to return true for \(real), got an error: \(error) — edit \(file)")
        }
        for mutant in mutants {
            if case .success(true) = try await verdict(of: mutant.run) {
                problems.append(
                    "expected your scenario to return false for the planted mutant \"\(mutant.name)\", got true "
                        + "— it did not catch that bug — edit \(file)")
            }
        }
        return problems
    }

    /// The scenario's verdict, or the error it threw; a `TODO` propagates.
    private static func verdict(of run: () async throws -> Bool) async throws -> Result<Bool, any Error> {
        do {
            return .success(try await run())
        } catch let todo as TODO {
            throw todo
        } catch {
            return .failure(error)
        }
    }
}
