import Cluster
import LocalTable
import LocalTableExercises
import Testing

/// Exercise 1.3 — edit Exercises/01-LocalTable/SortedExpansion.swift
@Suite("Exercise 1.3 — Sorted expansion") struct SortedExpansionTests {
    @Test func noCountsExpandToAnEmptyList() throws {
        #expect(try expandMembers([:]) == [], "edit SortedExpansion.swift")
    }

    @Test func eachPidIsListedAsManyTimesAsItsCount() throws {
        let p = Pid(node: "a", serial: 1)
        let q = Pid(node: "a", serial: 2)
        #expect(try expandMembers([p: 3, q: 1]) == [p, p, p, q])
    }

    @Test func theCopiesOfAPidAreAdjacent() throws {
        let pids = (1...5).map { Pid(node: "a", serial: $0) }
        let list = try expandMembers(Dictionary(uniqueKeysWithValues: pids.map { ($0, 2) }))
        #expect(list == pids.flatMap { [$0, $0] })
    }

    @Test func pidsAreOrderedByNodeThenCreationThenSerial() throws {
        let b1 = Pid(node: "b", creation: 1, serial: 1)
        let a1At2 = Pid(node: "a", creation: 2, serial: 1)
        let a10 = Pid(node: "a", creation: 1, serial: 10)
        let a9 = Pid(node: "a", creation: 1, serial: 9)
        let list = try expandMembers([b1: 1, a1At2: 2, a10: 1, a9: 1])
        // Node a before b; on a, incarnation 1 before 2; serials as numbers: 9 before 10.
        #expect(list == [a9, a10, a1At2, a1At2, b1])
    }

    /// Every node builds its table from its own history, so its dictionary is filled in its own
    /// order — and iterates in its own order. The list must not depend on it.
    @Test func everyNodeHandsOutTheIdenticalList() throws {
        var random = NodeRandom(seed: 3)
        let pids = ["c", "a", "b"].flatMap { node in
            [3, 1, 2].map { Pid(node: node, creation: UInt32($0 % 2 + 1), serial: UInt64($0)) }
        }
        let entries = pids.enumerated().map { ($0.element, $0.offset % 3 + 1) }
        let onNodeA = Dictionary(uniqueKeysWithValues: entries)
        var onNodeB: [Pid: Int] = [:]
        onNodeB.reserveCapacity(100)
        for (pid, count) in entries.reversed() { onNodeB[pid] = count }
        var onNodeC: [Pid: Int] = [:]
        for (pid, _) in entries { onNodeC[pid] = 0 }
        for (pid, count) in entries.shuffled(using: &random) { onNodeC[pid] = count }
        let list = try expandMembers(onNodeA)
        #expect(try expandMembers(onNodeB) == list)
        #expect(try expandMembers(onNodeC) == list)
        #expect(list == list.sorted(), "the list is sorted by pid")
        #expect(list.count == entries.map(\.1).reduce(0, +))
    }

    /// Random count maps — pids of three nodes, two incarnations, counts 1…4 — expanded by your
    /// function and by the chapter's `GroupRows.expand`.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func agreesWithTheChaptersExpansionOnRandomCounts(seed: UInt64) throws {
        var random = NodeRandom(seed: seed)
        for round in 0..<50 {
            var counts: [Pid: Int] = [:]
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let pid = Pid(
                    node: ["a", "b", "c"].randomElement(using: &random)!,
                    creation: UInt32.random(in: 1...2, using: &random),
                    serial: UInt64.random(in: 1...20, using: &random))
                counts[pid] = Int.random(in: 1...4, using: &random)
            }
            #expect(try expandMembers(counts) == GroupRows.expand(counts), "seed \(seed), round \(round)")
        }
    }

    /// Joins and leaves through the chapter's table; your expansion of its counts must give what
    /// `get_members` (``GroupRows/members(of:)``) gives.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func expandingATablesCountsGivesItsMemberList(seed: UInt64) throws {
        var random = NodeRandom(seed: seed)
        var rows = GroupRows(localNode: "b")
        rows.assureGroup("cache")
        let pids = ["a", "b", "c"].flatMap { node in (1...3).map { Pid(node: node, serial: $0) } }
        for step in 0..<200 {
            let pid = pids.randomElement(using: &random)!
            if Int.random(in: 0..<3, using: &random) < 2 {
                rows.joinGroup("cache", pid)
            } else {
                rows.leaveGroup("cache", pid)
            }
            try rows.checkInvariants()
            let counts = rows.memberCounts["cache"] ?? [:]
            #expect(try expandMembers(counts) == rows.members(of: "cache"), "seed \(seed), step \(step)")
        }
    }
}
