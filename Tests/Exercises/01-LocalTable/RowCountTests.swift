import Cluster
import LocalTable
import LocalTableExercises
import TestKit
import Testing

/// Exercise 1.4's check: each prediction against the rows of chapter 1's table after the same steps.
enum RowCountCheck {
    static let file = "Exercises/01-LocalTable/RowCount.swift"

    /// `count` random histories of up to 14 writes to node a's table.
    static func randomCases(seed: UInt64, count: Int) -> [[TableStep]] {
        var generate = CaseGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<generate.int(1...14)).map { _ in generate.tableStep(groups: ["chat", "jobs"]) }
        }
    }

    /// What is wrong with `predict`'s predictions for `cases` on node `node`.
    static func problems(
        of predict: ([TableStep], NodeName) throws -> RowCounts, cases: [[TableStep]], node: NodeName = "a"
    ) throws -> [String] {
        var problems: [String] = []
        for steps in cases {
            var rows = GroupRows(localNode: node)
            rows.apply(steps)
            let predicted = try predict(steps, node)
            if predicted != rows.rowCounts {
                problems.append(
                    "after \(steps) on node \(node): expected \(rows.rowCounts), got \(predicted) — edit \(file)")
            }
        }
        return firstProblems(problems)
    }
}

/// Exercise 1.4 — edit Exercises/01-LocalTable/RowCount.swift
@Suite("Exercise 1.4 — Count the rows") struct RowCountTests {
    let p = Pid(node: "a", serial: 1), q = Pid(node: "b", serial: 1)

    @Test("a repeated join adds no row")
    func aRepeatedJoinAddsNoRow() throws {
        let steps: [TableStep] = [.create("jobs"), .join("jobs", p), .join("jobs", p), .join("jobs", p)]
        expectNoProblems(try RowCountCheck.problems(of: predictRowCounts, cases: [steps]))
    }

    @Test("a remote member has every row but the local one")
    func aRemoteMemberHasNoLocalRow() throws {
        let steps: [TableStep] = [.create("jobs"), .join("jobs", q), .join("jobs", p), .leave("jobs", p)]
        expectNoProblems(try RowCountCheck.problems(of: predictRowCounts, cases: [steps]))
    }

    @Test("writes to a missing group, and leaves of non-members, change nothing")
    func writesThatChangeNothing() throws {
        let steps: [TableStep] = [
            .join("jobs", p), .create("jobs"), .leave("jobs", q), .leave("chat", p), .join("jobs", q),
        ]
        expectNoProblems(try RowCountCheck.problems(of: predictRowCounts, cases: [steps]))
    }

    @Test("a delete takes the group's rows with it")
    func aDeleteTakesItsRows() throws {
        let steps: [TableStep] = [
            .create("jobs"), .create("chat"), .join("jobs", p), .join("chat", p), .delete("jobs"),
        ]
        expectNoProblems(try RowCountCheck.problems(of: predictRowCounts, cases: [steps]))
    }

    @Test("predictions match the table after random days of traffic")
    func randomTraffic() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let problems = try RowCountCheck.problems(
                of: predictRowCounts, cases: RowCountCheck.randomCases(seed: seed, count: 80))
            expectNoProblems(problems.map { "seed \(seed): \($0)" })
        }
    }
}
