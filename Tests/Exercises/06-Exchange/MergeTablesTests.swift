import Cluster
import Exchange
import ExchangeExercises
import LocalTable
import Testing

/// Exercise 6.2 — edit Exercises/06-Exchange/MergeTables.swift
@Suite("Exercise 6.2 — The merge") struct MergeTablesTests {
    static let file = "edit Exercises/06-Exchange/MergeTables.swift"
    let p = Pid(node: "a", serial: 1)  // lives on a, the table's node
    let q = Pid(node: "b", serial: 2)
    let r = Pid(node: "c", serial: 3)

    /// Node a's rows with `groups` and their joins.
    func rows(_ groups: [GroupName: [Pid]]) -> GroupRows {
        var rows = GroupRows(localNode: "a")
        for (name, pids) in groups {
            rows.assureGroup(name)
            for pid in pids { rows.joinGroup(name, pid) }
        }
        return rows
    }

    @Test func missingGroupsAreCreatedEvenWhenEmpty() throws {
        var table = rows([:])
        try merge([GroupSnapshot(name: "empty", members: []), GroupSnapshot(name: "g", members: [q])], into: &table)
        try table.checkInvariants()
        #expect(table.allGroups == ["empty", "g"], "assure every group — \(Self.file)")
        #expect(table.members(of: "empty") == [], "\(Self.file)")
        #expect(table.members(of: "g") == [q], "\(Self.file)")
    }

    @Test func aPidsCountBecomesTheMaximumOfLocalAndRemote() throws {
        var table = rows(["g": [p, q, q, q]])
        try merge([GroupSnapshot(name: "g", members: [p, p, p, q, r])], into: &table)
        try table.checkInvariants()
        #expect(
            table.members(of: "g") == [p, p, p, q, q, q, r],
            "p max(1, 3), q max(3, 1), r max(0, 1) — not the sum — \(Self.file)")
    }

    @Test func nothingIsEverRemoved() throws {
        var table = rows(["g": [p, p, q], "mine": [r]])
        let before = table
        try merge([GroupSnapshot(name: "g", members: [p])], into: &table)
        try table.checkInvariants()
        #expect(table == before, "the peer's lack of something is no reason to remove it — \(Self.file)")
    }

    @Test func aLearntPidOfThisNodeBecomesALocalMember() throws {
        var table = rows(["g": []])
        try merge([GroupSnapshot(name: "g", members: [p, q])], into: &table)
        try table.checkInvariants()
        #expect(table.localMembers(of: "g") == [p], "join through joinGroup — \(Self.file)")
        #expect(table.groups(of: q) == ["g"], "\(Self.file)")
    }

    @Test func mergingTheSameTableTwiceChangesNothingMore() throws {
        var table = rows(["g": [p]])
        let remote = [GroupSnapshot(name: "g", members: [p, q, q]), GroupSnapshot(name: "h", members: [r])]
        try merge(remote, into: &table)
        let once = table
        try merge(remote, into: &table)
        try table.checkInvariants()
        #expect(table == once, "\(Self.file)")
        #expect(table.members(of: "g") == [p, q, q] && table.members(of: "h") == [r], "\(Self.file)")
    }

    /// What the exchange really sends: a peer's table, as ``GroupSnapshot/all(of:)`` takes it.
    @Test func mergingAPeersWholeTableGivesTheUnionWithMaximumCounts() throws {
        var mine = rows(["g": [p, q], "onlyMine": []])
        let peer = GroupTable(localNode: "b")
        for (name, pids) in [("g", [q, q, r]), ("onlyTheirs", [p])] {
            peer.assureGroup(name)
            for pid in pids { peer.joinGroup(name, pid) }
        }
        try merge(GroupSnapshot.all(of: peer), into: &mine)
        try mine.checkInvariants()
        #expect(mine.allGroups == ["g", "onlyMine", "onlyTheirs"], "\(Self.file)")
        #expect(mine.members(of: "g") == [p, q, q, r], "\(Self.file)")
        #expect(mine.members(of: "onlyTheirs") == [p], "\(Self.file)")
    }
}
