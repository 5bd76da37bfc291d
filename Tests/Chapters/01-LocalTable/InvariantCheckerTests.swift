import Cluster
import LocalTable
import Testing

/// The invariant checker itself: every test leans on it, so it must reject each kind of broken
/// row — and name the rule it broke.
@Suite struct InvariantCheckerTests {
    let a1 = Pid(node: "a", serial: 1)
    let b1 = Pid(node: "b", serial: 1)

    /// Node a's rows: group g with a1 and b1.
    func healthy() throws -> GroupRows {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("g")
        rows.joinGroup("g", a1)
        rows.joinGroup("g", b1)
        try rows.checkInvariants()
        return rows
    }

    func rule(_ rows: GroupRows) -> String? {
        do {
            try rows.checkInvariants()
            return nil
        } catch let violation as InvariantViolation {
            return violation.rule
        } catch {
            return "\(error)"
        }
    }

    @Test func aMemberOfAMissingGroupIsRejected() throws {
        var rows = try healthy()
        rows.groups.remove("g")
        #expect(rule(rows) == "every member's group exists")
    }

    @Test func aCountBelowOneIsRejected() throws {
        var rows = try healthy()
        rows.memberCounts["g"]![b1] = 0
        #expect(rule(rows) == "counts are ≥ 1")
    }

    @Test func anEmptyMemberMapIsRejected() throws {
        var rows = try healthy()
        rows.assureGroup("h")
        rows.memberCounts["h"] = [:]
        #expect(rule(rows) == "no empty member maps")
    }

    @Test func aMissingLocalMemberIsRejected() throws {
        var rows = try healthy()
        rows.localMembers["g"] = nil
        #expect(rule(rows) == "local members are exactly the members of this node")
    }

    @Test func aRemotePidMarkedLocalIsRejected() throws {
        var rows = try healthy()
        rows.localMembers["g"]!.insert(b1)
        #expect(rule(rows) == "local members are exactly the members of this node")
    }

    @Test func aLocalMemberOfAGroupWithoutMembersIsRejected() throws {
        var rows = try healthy()
        rows.assureGroup("h")
        rows.localMembers["h"] = [a1]
        #expect(rule(rows) == "local members ⊆ members")
    }

    @Test func aMissingIndexRowIsRejected() throws {
        var rows = try healthy()
        rows.pidIndex[b1] = nil
        #expect(rule(rows) == "the pid index mirrors the members")
    }

    @Test func aStaleIndexRowIsRejected() throws {
        var rows = try healthy()
        rows.assureGroup("h")
        rows.pidIndex[b1]!.insert("h")
        #expect(rule(rows) == "the pid index mirrors the members")
    }

    @Test func anEmptyIndexEntryIsRejected() throws {
        var rows = try healthy()
        rows.pidIndex[Pid(node: "c", serial: 1)] = []
        #expect(rule(rows) == "no empty index entries")
    }
}
