import Cluster
import LocalTable
import SingleNodeServer
import SingleNodeServerExercises
import Testing

/// Exercise 3.1 — edit Exercises/03-SingleNodeServer/ClosestPick.swift
@Suite("Exercise 3.1 — The closest member") struct ClosestPickTests {
    let edit: Comment = "edit Exercises/03-SingleNodeServer/ClosestPick.swift"
    // a's table: alice and dave live on a, bob and carol on b.
    let alice = Pid(node: "a", serial: 1), dave = Pid(node: "a", serial: 2)
    let bob = Pid(node: "b", serial: 1), carol = Pid(node: "b", serial: 2)

    /// Node a's table with the group `matchmakers`, joined once per entry of `joins`.
    func table(_ joins: [Pid]) -> GroupTable {
        let table = GroupTable(localNode: "a")
        table.assureGroup("matchmakers")
        for pid in joins { table.joinGroup("matchmakers", pid) }
        return table
    }

    /// How often each pid is chosen in `draws` picks from a generator seeded with `seed`.
    func tally(_ table: GroupTable, draws: Int, seed: UInt64) throws -> [Pid: Int] {
        var random = NodeRandom(seed: seed)
        var seen: [Pid: Int] = [:]
        for _ in 0..<draws { seen[try closestMember(of: "matchmakers", in: table, using: &random), default: 0] += 1 }
        return seen
    }

    @Test func oneLocalEntryIsAlwaysChosen() throws {
        let table = table([bob, alice, carol])
        let before = table.rows
        #expect(try tally(table, draws: 100, seed: 31) == [alice: 100], "seed 31 — \(edit)")
        #expect(table.rows == before, "a read must not change the table — \(edit)")
        try table.checkInvariants()
    }

    @Test func twoLocalPidsAreBothChosenAndNoRemoteOne() throws {
        let table = table([alice, bob, dave, carol])
        let seen = try tally(table, draws: 200, seed: 32)
        #expect(Set(seen.keys) == [alice, dave], "seed 32: only local pids, both of them — \(edit)")
        try table.checkInvariants()
    }

    @Test func withNoLocalEntryAnyMemberMayBeChosen() throws {
        let table = table([bob, carol])
        let seen = try tally(table, draws: 200, seed: 33)
        #expect(Set(seen.keys) == [bob, carol], "seed 33: fall back to all members — \(edit)")
        try table.checkInvariants()
    }

    /// Counts are weights: alice is listed twice and dave once, so alice wins about 2 draws in 3.
    @Test func aPidJoinedTwiceIsChosenTwiceAsOften() throws {
        let table = table([alice, alice, dave, bob])
        let seen = try tally(table, draws: 3000, seed: 34)
        let share = Double(seen[alice, default: 0]) / 3000
        #expect((0.6...0.73).contains(share), "seed 34: alice's share \(share), expected about 2/3 — \(edit)")
        #expect(seen[bob] == nil, "seed 34: bob is remote — \(edit)")
    }

    @Test func theFallbackIsWeightedByCountToo() throws {
        let table = table([bob, bob, carol])
        let seen = try tally(table, draws: 3000, seed: 35)
        let share = Double(seen[bob, default: 0]) / 3000
        #expect((0.6...0.73).contains(share), "seed 35: bob's share \(share), expected about 2/3 — \(edit)")
    }

    @Test func anEmptyGroupHasNoProcess() async throws {
        let table = table([])
        var random = NodeRandom(seed: 36)
        try await expectPG2Error(.noProcess("matchmakers"), edit) {
            _ = try closestMember(of: "matchmakers", in: table, using: &random)
        }
        try table.checkInvariants()
    }

    @Test func anUnknownGroupIsNoSuchGroup() async throws {
        let table = table([alice])
        var random = NodeRandom(seed: 37)
        try await expectPG2Error(.noSuchGroup("lobby"), edit) {
            _ = try closestMember(of: "lobby", in: table, using: &random)
        }
        #expect(table.groups() == ["matchmakers"], "a read must not create the group — \(edit)")
    }
}
