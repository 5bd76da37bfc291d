import Cluster
import LocalTable
import LocalTableExercises
import TestKit
import Testing

/// Exercise 1.3's check: a report of disagreements must be in order, true entry by entry, and
/// complete — applying it to the left table's memberships must give the right table's.
enum TableDiffCheck {
    static let file = "Exercises/01-LocalTable/TableDiff.swift"

    /// Two nodes' tables and how they came to be, for the failure messages.
    struct Case {
        let story: String
        let left: GroupRows
        let right: GroupRows

        /// Node a's and node b's tables after `shared` on both, then `leftOnly` on a and
        /// `rightOnly` on b (as if a partition kept each side's writes to itself).
        init(shared: [TableStep], leftOnly: [TableStep] = [], rightOnly: [TableStep] = []) {
            var left = GroupRows(localNode: "a"), right = GroupRows(localNode: "b")
            left.apply(shared + leftOnly)
            right.apply(shared + rightOnly)
            self.left = left
            self.right = right
            story = "both nodes: \(shared); then the left (a) only: \(leftOnly); the right (b) only: \(rightOnly)"
        }
    }

    /// `count` random pairs of tables that share a history and then diverge.
    static func randomCases(seed: UInt64, count: Int) -> [Case] {
        var generate = CaseGenerator(seed: seed)
        let groups: [GroupName] = ["chat", "jobs", "maps"]
        return (0..<count).map { _ in
            let shared = (0..<generate.int(0...10)).map { _ in generate.tableStep(groups: groups) }
            let leftOnly = (0..<generate.int(0...4)).map { _ in generate.tableStep(groups: groups) }
            let rightOnly = (0..<generate.int(0...4)).map { _ in generate.tableStep(groups: groups) }
            return Case(shared: shared, leftOnly: leftOnly, rightOnly: rightOnly)
        }
    }

    /// What is wrong with `diff`'s reports on `cases`.
    static func problems(
        of diff: (GroupRows, GroupRows) throws -> [Disagreement], cases: [Case]
    ) throws -> [String] {
        var problems: [String] = []
        for item in cases {
            let report = try diff(item.left, item.right)
            if let problem = problem(with: report, for: item) {
                problems.append("\(item.story): \(problem) — edit \(file)")
            }
        }
        return firstProblems(problems)
    }

    /// The first thing wrong with `report`, or nil.
    static func problem(with report: [Disagreement], for item: Case) -> String? {
        let (left, right) = (item.left, item.right)
        // In order, no repeats: by group, a group's own entry first, then by pid.
        let keys = report.map { entry -> (GroupName, Pid?) in
            switch entry {
            case .groupOnlyLeft(let name), .groupOnlyRight(let name): (name, nil)
            case .count(let name, let pid, _, _): (name, pid)
            }
        }
        for (before, after) in zip(keys, keys.dropFirst()) {
            let ordered =
                before.0 != after.0 ? before.0 < after.0 : (after.1 != nil && (before.1 == nil || before.1! < after.1!))
            if !ordered { return "expected the entries sorted by group, then pid, with no repeats, got \(report)" }
        }
        // Each entry true.
        for entry in report {
            switch entry {
            case .groupOnlyLeft(let name) where !(left.hasGroup(name) && !right.hasGroup(name)),
                .groupOnlyRight(let name) where !(right.hasGroup(name) && !left.hasGroup(name)):
                return "expected \(entry) only for a group that one table alone has; the left has \(left.allGroups), "
                    + "the right \(right.allGroups)"
            case .count(let name, let pid, let l, let r):
                guard left.hasGroup(name), right.hasGroup(name) else {
                    return "expected no count entry for \(name), which is not in both tables (the left has "
                        + "\(left.allGroups), the right \(right.allGroups)), got \(entry)"
                }
                let (ours, theirs) = (left.count(of: pid, in: name), right.count(of: pid, in: name))
                if (l, r) != (ours, theirs) || ours == theirs {
                    return "expected counts \(ours) (left) and \(theirs) (right) for \(pid) in \(name)"
                        + (ours == theirs ? ", which agree and so are no disagreement" : "") + ", got \(entry)"
                }
            default: break
            }
        }
        // Complete: patched with the report, the left's memberships become the right's.
        var groups = left.groups
        var counts = left.memberCounts
        for entry in report {
            switch entry {
            case .groupOnlyLeft(let name):
                groups.remove(name)
                counts[name] = nil
            case .groupOnlyRight(let name):
                groups.insert(name)
                counts[name] = right.memberCounts[name]
            case .count(let name, let pid, _, let r):
                counts[name, default: [:]][pid] = r == 0 ? nil : r
                if counts[name]?.isEmpty == true { counts[name] = nil }
            }
        }
        if let name = groups.symmetricDifference(right.groups).sorted().first {
            return "expected an entry for group \(name), which \(left.hasGroup(name) ? "the left" : "the right") "
                + "alone has, got \(report)"
        }
        for name in right.groups.sorted() where counts[name] != right.memberCounts[name] {
            let pids = Set((counts[name] ?? [:]).keys).union((right.memberCounts[name] ?? [:]).keys).sorted()
            let pid = pids.first { counts[name]?[$0] != right.memberCounts[name]?[$0] }!
            return "expected an entry for \(pid) in \(name) (\(left.count(of: pid, in: name)) on the left, "
                + "\(right.count(of: pid, in: name)) on the right), got \(report)"
        }
        return nil
    }
}

/// Exercise 1.3 — edit Exercises/01-LocalTable/TableDiff.swift
@Suite("Exercise 1.3 — Where two tables disagree") struct TableDiffTests {
    let p = Pid(node: "a", serial: 1), q = Pid(node: "b", serial: 1), r = Pid(node: "c", serial: 2)

    @Test("two nodes with one history disagree about nothing, although their local rows differ")
    func oneHistoryNoDisagreement() throws {
        let story: [TableStep] = [
            .create("chat"), .join("chat", p), .join("chat", q), .join("chat", q), .create("maps"),
        ]
        let item = TableDiffCheck.Case(shared: story)
        #expect(
            try disagreements(between: item.left, and: item.right) == [],
            "\(item.story) — edit \(TableDiffCheck.file)")
    }

    @Test("a group on one side only is one entry, its members not listed")
    func aOneSidedGroupIsOneEntry() throws {
        let item = TableDiffCheck.Case(
            shared: [.create("chat")], leftOnly: [.create("jobs"), .join("jobs", p), .join("jobs", q)],
            rightOnly: [.create("maps")])
        expectNoProblems(try TableDiffCheck.problems(of: disagreements, cases: [item]))
        #expect(
            try disagreements(between: item.left, and: item.right) == [
                .groupOnlyLeft("jobs"), .groupOnlyRight("maps"),
            ],
            "\(item.story) — edit \(TableDiffCheck.file)")
    }

    @Test("a pid counted differently is listed with both sides' counts")
    func countsThatDifferAreListed() throws {
        let item = TableDiffCheck.Case(
            shared: [.create("chat"), .join("chat", p), .join("chat", r)],
            leftOnly: [.join("chat", p), .leave("chat", r)],
            rightOnly: [.join("chat", q)])
        expectNoProblems(try TableDiffCheck.problems(of: disagreements, cases: [item]))
    }

    @Test("random divergences are reported exactly, completely and in order")
    func randomDivergences() throws {
        for seed in 1...6 as ClosedRange<UInt64> {
            let problems = try TableDiffCheck.problems(
                of: disagreements, cases: TableDiffCheck.randomCases(seed: seed, count: 60))
            expectNoProblems(problems.map { "seed \(seed): \($0)" })
        }
    }
}
