import Cluster
import LocalTable
import LocalTableExercises
import Testing

/// Constant and half-right answers, fed through the very checks the exercises' tests use: each
/// must be rejected. These tests do not call the reader's code, so they pass in both modes.
@Suite("Chapter 1 — planted answers are rejected") struct LocalTablePlantedAnswersTests {
    // MARK: 1.1

    @Test("1.1: a scenario that always says true is rejected")
    func alwaysTrueTable() async throws {
        #expect(try await !BrokenTableCheck.problems(of: { _ in true }).isEmpty)
    }

    @Test("1.1: a scenario that always says false is rejected")
    func alwaysFalseTable() async throws {
        #expect(try await !BrokenTableCheck.problems(of: { _ in false }).isEmpty)
    }

    @Test("1.1: a scenario that only checks one join is rejected")
    func oneJoinOnly() async throws {
        let problems = try await BrokenTableCheck.problems(of: { table in
            let p = Pid(node: table.node, serial: 1)
            table.create("g")
            table.join("g", p)
            return table.members("g") == [p]
        })
        #expect(problems.count == 4, "it catches none of the four bugs: \(problems)")
    }

    // MARK: 1.2

    @Test("1.2: a scenario that always says true is rejected")
    func alwaysTrueLists() async throws {
        #expect(try await !OneListEverywhereCheck.problems(of: { _ in true }).isEmpty)
    }

    @Test("1.2: a scenario that compares two nodes but never checks the order is rejected")
    func agreementWithoutOrder() async throws {
        let problems = try await OneListEverywhereCheck.problems(of: { makeTable in
            let pids = [Pid(node: "b", serial: 10), Pid(node: "a", serial: 10), Pid(node: "a", serial: 2)]
            let first = makeTable("a"), second = makeTable("b")
            first.create("cache")
            second.create("cache")
            for pid in pids { first.join("cache", pid) }
            for pid in pids.reversed() { second.join("cache", pid) }
            return first.members("cache") == second.members("cache")
        })
        #expect(problems.count == 1, "the text order is shared by every node, so only a check of the order catches it")
    }

    // MARK: 1.3

    @Test("1.3: a report that finds no disagreement is rejected")
    func noDisagreements() throws {
        #expect(
            try !TableDiffCheck.problems(of: { _, _ in [] }, cases: TableDiffCheck.randomCases(seed: 1, count: 40))
                .isEmpty)
    }

    @Test("1.3: a report that lists every membership of both tables is rejected")
    func everyMembership() throws {
        let problems = try TableDiffCheck.problems(
            of: { left, right in
                left.allGroups.flatMap { name in
                    left.members(of: name).map {
                        Disagreement.count(
                            name, $0, left: left.count(of: $0, in: name), right: right.count(of: $0, in: name))
                    }
                }
            }, cases: TableDiffCheck.randomCases(seed: 2, count: 40))
        #expect(!problems.isEmpty)
    }

    // MARK: 1.4

    @Test("1.4: a prediction of no rows at all is rejected")
    func noRows() throws {
        let zero = RowCounts(groups: 0, members: 0, localMembers: 0, index: 0)
        #expect(
            try !RowCountCheck.problems(of: { _, _ in zero }, cases: RowCountCheck.randomCases(seed: 1, count: 40))
                .isEmpty)
    }

    @Test("1.4: a prediction that counts joins rather than memberships is rejected")
    func joinsAreNotRows() throws {
        let problems = try RowCountCheck.problems(
            of: { steps, node in
                let joins = steps.compactMap { step -> Pid? in if case .join(_, let pid) = step { pid } else { nil } }
                let groups = Set(
                    steps.compactMap { step -> GroupName? in if case .create(let name) = step { name } else { nil } })
                return RowCounts(
                    groups: groups.count, members: joins.count, localMembers: joins.filter { $0.node == node }.count,
                    index: joins.count)
            }, cases: RowCountCheck.randomCases(seed: 3, count: 40))
        #expect(!problems.isEmpty)
    }
}
