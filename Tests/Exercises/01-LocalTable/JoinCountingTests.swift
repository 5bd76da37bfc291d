import Cluster
import LocalTable
import LocalTableExercises
import Testing

/// Exercise 1.1 — edit Exercises/01-LocalTable/JoinCounting.swift
@Suite("Exercise 1.1 — Counting joins") struct JoinCountingTests {
    let alice = Pid(node: "a", serial: 1)
    let bob = Pid(node: "b", serial: 1)

    func chat() -> GroupRows {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("chat")
        return rows
    }

    @Test func aFirstJoinCreatesTheMemberRowWithCountOne() throws {
        var rows = chat()
        #expect(try recordJoin("chat", alice, in: &rows) == 1)
        #expect(rows.memberCounts["chat"] == [alice: 1])
        #expect(rows.pidIndex[alice] == ["chat"])
        try rows.checkInvariants()
    }

    @Test func joiningTwiceListsThePidTwice() throws {
        var rows = chat()
        _ = try recordJoin("chat", alice, in: &rows)
        #expect(try recordJoin("chat", alice, in: &rows) == 2)
        #expect(rows.members(of: "chat") == [alice, alice])
        try rows.checkInvariants()
    }

    @Test func onlyPidsOfThisNodeBecomeLocalMembers() throws {
        var rows = chat()
        _ = try recordJoin("chat", alice, in: &rows)
        _ = try recordJoin("chat", bob, in: &rows)
        #expect(rows.localMembers["chat"] == [alice])
        #expect(rows.localMembers(of: "chat") == [alice])
        try rows.checkInvariants()
    }

    @Test func theReverseIndexListsEveryGroupOfAPid() throws {
        var rows = chat()
        rows.assureGroup("games")
        _ = try recordJoin("chat", bob, in: &rows)
        _ = try recordJoin("games", bob, in: &rows)
        _ = try recordJoin("games", bob, in: &rows)
        #expect(rows.groups(of: bob) == ["chat", "games"])
        try rows.checkInvariants()
    }
}
