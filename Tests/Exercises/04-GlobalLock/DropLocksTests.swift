import Cluster
import GlobalLockExercises
import Testing

/// Exercise 4.3 — edit Exercises/04-GlobalLock/DropLocks.swift
@Suite("Exercise 4.3 — Release when the holder dies") struct DropLocksTests {
    let edit: Comment = "edit Exercises/04-GlobalLock/DropLocks.swift"
    // Writers of a chat service: alice and bob on node a, carol on b.
    let alice = Pid(node: "a", serial: 1), bob = Pid(node: "a", serial: 2), carol = Pid(node: "b", serial: 1)

    /// The lock table's own rule: every entry has a holder, and no holder twice.
    func checkInvariants(_ locks: [String: LockEntry], sourceLocation: SourceLocation = #_sourceLocation) {
        for (resource, entry) in locks.sorted(by: { $0.key < $1.key }) {
            #expect(
                !entry.holders.isEmpty, "\(resource) is held by nobody but still listed — \(edit)",
                sourceLocation: sourceLocation)
            #expect(
                Set(entry.holders).count == entry.holders.count, "\(resource) lists a holder twice — \(edit)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func theOnlyHoldersLockIsDeleted() throws {
        var locks = ["pg2:general": LockEntry(requester: alice, holders: [alice])]
        try dropLocks(of: alice, from: &locks)
        #expect(locks == [:], "#general must be free again — \(edit)")
        checkInvariants(locks)
    }

    @Test func everyLockOfTheHolderGoes() throws {
        var locks = [
            "pg2:general": LockEntry(requester: alice, holders: [alice]),
            "pg2:random": LockEntry(requester: alice, holders: [alice]),
            "pg2:games": LockEntry(requester: carol, holders: [carol]),
        ]
        try dropLocks(of: alice, from: &locks)
        #expect(locks == ["pg2:games": LockEntry(requester: carol, holders: [carol])], "\(edit)")
        checkInvariants(locks)
    }

    /// bob holds #general on alice's behalf (same requester): alice's death leaves bob holding
    /// it, and the requester stays alice — the lock belongs to the id, not to a process.
    @Test func aSharedLockStaysWhileAnotherHolderIsAlive() throws {
        var locks = ["pg2:general": LockEntry(requester: alice, holders: [alice, bob])]
        try dropLocks(of: alice, from: &locks)
        #expect(locks == ["pg2:general": LockEntry(requester: alice, holders: [bob])], "\(edit)")
        checkInvariants(locks)
    }

    @Test func theOtherHoldersKeepTheirOrder() throws {
        var locks = ["pg2:general": LockEntry(requester: carol, holders: [carol, alice, bob])]
        try dropLocks(of: alice, from: &locks)
        #expect(locks["pg2:general"]?.holders == [carol, bob], "\(edit)")
        checkInvariants(locks)
    }

    @Test func aHolderThatHoldsNothingChangesNothing() throws {
        let before = [
            "pg2:general": LockEntry(requester: alice, holders: [alice, bob]),
            "pg2:games": LockEntry(requester: carol, holders: [carol]),
        ]
        var locks = before
        try dropLocks(of: Pid(node: "c", serial: 9), from: &locks)
        #expect(locks == before, "\(edit)")
        checkInvariants(locks)
    }

    @Test func anEmptyTableStaysEmpty() throws {
        var locks: [String: LockEntry] = [:]
        try dropLocks(of: alice, from: &locks)
        #expect(locks == [:], "\(edit)")
    }

    /// Death after death: once every writer is gone, nothing is locked.
    @Test func whenEveryHolderHasDiedNothingIsLocked() throws {
        var locks = [
            "pg2:general": LockEntry(requester: alice, holders: [alice, bob]),
            "pg2:games": LockEntry(requester: carol, holders: [carol, alice]),
            "pg2:random": LockEntry(requester: bob, holders: [bob]),
        ]
        for writer in [bob, carol, alice] {
            try dropLocks(of: writer, from: &locks)
            checkInvariants(locks)
        }
        #expect(locks == [:], "\(edit)")
    }
}
