import Cluster
import LocalTable
import SingleNodeServer
import SingleNodeServerExercises
import Testing

/// Constant and half-right answers, fed through the very checks the exercises' tests use: each
/// must be rejected. These tests do not call the reader's code, so they pass in both modes.
@Suite("Chapter 3 — planted answers are rejected") struct SingleNodeServerPlantedAnswersTests {
    // MARK: 3.1

    @Test("3.1: predicting ok for every call is rejected")
    func everythingOk() async throws {
        let problems = try await CallOutcomesCheck.problems(
            of: { calls, _ in calls.map { _ in .ok } }, cases: CallOutcomesCheck.randomCases(seed: 1, count: 6),
            seed: 3190)
        #expect(!problems.isEmpty)
    }

    @Test("3.1: a prediction that forgets join and leave need the group is rejected")
    func noGroupCheck() async throws {
        // Half right: it tracks groups and members, but lets every join and leave through.
        let problems = try await CallOutcomesCheck.problems(
            of: { calls, node in
                var groups: Set<GroupName> = []
                var members: [GroupName: [Pid]] = [:]
                return calls.map { call -> APIOutcome in
                    switch call {
                    case .create(let name): groups.insert(name)
                    case .delete(let name): groups.remove(name); members[name] = nil
                    case .join(let name, let pid): members[name, default: []].append(pid)
                    case .leave(let name, let pid):
                        if let i = members[name]?.firstIndex(of: pid) { members[name]!.remove(at: i) }
                    case .members(let name):
                        return groups.contains(name)
                            ? .pids((members[name] ?? []).sorted()) : .error(.noSuchGroup(name))
                    case .localMembers(let name):
                        return groups.contains(name)
                            ? .pids((members[name] ?? []).filter { $0.node == node }.sorted())
                            : .error(.noSuchGroup(name))
                    case .whichGroups: return .groups(groups.sorted())
                    case .kill: break
                    }
                    return .ok
                }
            }, cases: CallOutcomesCheck.randomCases(seed: 2, count: 8), seed: 3191)
        #expect(!problems.isEmpty)
    }

    // MARK: 3.2

    @Test("3.2: a scenario that always says true is rejected")
    func alwaysTruePick() async throws {
        #expect(try await FairPickCheck.problems(of: { _ in true }).count == PickBug.allCases.count)
    }

    @Test("3.2: a scenario that only checks that the pick is a member is rejected")
    func anyMember() async throws {
        let problems = try await FairPickCheck.problems(of: { picker in
            let p = Pid(node: picker.node, serial: 1), q = Pid(node: "elsewhere", serial: 1)
            picker.create("g")
            picker.join("g", p)
            picker.join("g", q)
            return [p, q].contains(try picker.pick("g"))
        })
        #expect(problems.count >= 3, "\(problems)")
    }

    @Test("3.2: a scenario with too few picks to tell 3 in 4 from 1 in 2 is rejected")
    func tooFewPicks() async throws {
        let problems = try await FairPickCheck.problems(of: { picker in
            let p = Pid(node: picker.node, serial: 1), q = Pid(node: picker.node, serial: 2)
            picker.create("g")
            for pid in [p, p, p, q] { picker.join("g", pid) }
            let picks = try (0..<8).map { _ in try picker.pick("g") }
            return picks.filter { $0 == p }.count == 6  // exactly 6 of 8: luck, on either side
        })
        #expect(!problems.isEmpty)
    }

    // MARK: 3.3

    @Test("3.3: a scenario that always says true is rejected")
    func alwaysTrueServer() async throws {
        #expect(try await ServerPromisesCheck.problems(of: { _ in true }).count == ServerBug.allCases.count)
    }

    @Test("3.3: a scenario that only joins and reads is rejected")
    func joinAndReadOnly() async throws {
        let problems = try await ServerPromisesCheck.problems(of: { pg2 in
            let p = pg2.spawn()
            try await pg2.create("g")
            try await pg2.join("g", p)
            return try pg2.members("g") == [p]
        })
        #expect(problems.count == ServerBug.allCases.count, "it catches none of the bugs: \(problems)")
    }

    // MARK: 3.4

    static let cases = (1...3).flatMap { LeastLoadedCheck.randomCases(seed: UInt64($0), count: 60) }
    static let perSlot = LeastLoadedCheck.Case(
        joins: [Pid(node: "a", serial: 1), Pid(node: "a", serial: 1), Pid(node: "a", serial: 2)],
        loads: [Pid(node: "a", serial: 1): 3, Pid(node: "a", serial: 2): 2])

    @Test("3.4: get_closest_pid, which ignores the loads, is rejected")
    func closestPick() throws {
        let problems = try LeastLoadedCheck.problems(
            of: { name, table, _, random in
                try ClosestMember.choose(in: name, table: table, using: &random)
            }, cases: Self.cases)
        #expect(!problems.isEmpty)
    }

    @Test("3.4: a pick by load that ignores slots is rejected")
    func ignoresSlots() throws {
        let problems = try LeastLoadedCheck.problems(
            of: { name, table, load, _ in
                var entries = try table.localMembers(of: name)
                if entries.isEmpty { entries = try table.members(of: name) }
                let loads = Dictionary(uniqueKeysWithValues: Set(entries).sorted().map { ($0, load($0)) })
                guard let best = loads.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else {
                    throw PG2Error.noProcess(name)
                }
                return best.key
            }, cases: Self.cases + [Self.perSlot])
        #expect(!problems.isEmpty)
    }

    @Test("3.4: a pick that asks every member its load is rejected")
    func asksEveryone() throws {
        let problems = try LeastLoadedCheck.problems(
            of: { name, table, load, random in
                for pid in try table.members(of: name) { _ = load(pid) }
                return try ClosestMember.choose(in: name, table: table, using: &random)
            }, cases: Self.cases)
        #expect(!problems.isEmpty)
    }

    @Test("3.4: a pick that breaks ties by pid, never at random, is rejected")
    func fixedTies() throws {
        let tie = LeastLoadedCheck.Case(
            joins: [Pid(node: "a", serial: 1), Pid(node: "a", serial: 2)], loads: [:], spread: true)
        let problems = try LeastLoadedCheck.problems(
            of: { name, table, load, _ in
                let pids = Set(try table.localMembers(of: name)).sorted()
                let loads = pids.map(load)
                guard let least = loads.min() else { throw PG2Error.noProcess(name) }
                return pids[loads.firstIndex(of: least)!]
            }, cases: [tie])
        #expect(!problems.isEmpty)
    }
}
