import Cluster
import Exchange
import LocalTable
import MonitorsTestKit
import PG
import Testing

/// ``ScopeState`` without a cluster: each rule of Chapters/PGRules.md as one input and what it
/// returns — the table, the notifications, the messages to send.
@Suite struct ScopeStateTests {
    let peer = Pid(named: "pg", on: "b")

    /// D2, J2: a discover from a new peer is answered with our sync and a discover; from then on
    /// every local join is relayed to it.
    @Test func aDiscoveredPeerGetsOurSyncThenOurChanges() {
        var state = freshState()
        let monitors = FakeMonitors()
        let p = pid("a", 1)
        _ = state.joinLocal("g", .one(p), monitoring: monitors)
        let answer = state.discover(from: peer, monitoring: monitors)
        #expect(
            answer == [
                Outgoing(to: peer, .sync(peer: state.me, groups: [GroupSnapshot(name: "g", members: [p])])),
                Outgoing(to: peer, .discover(peer: state.me)),
            ])
        #expect(
            state.joinLocal("g", .list([p]), monitoring: monitors) == [
                Outgoing(to: peer, .join(peer: state.me, group: "g", pids: .list([p])))
            ])
        #expect(monitors.monitored == [p, peer])
    }

    /// D7, sent: a peer known from its sync, which has not had ours yet, is not told of our
    /// changes; our sync, sent on its discover, carries them.
    @Test func aPeerWeHaveNotSyncedWithIsToldNothingUntilOurSync() throws {
        var state = freshState()
        let monitors = FakeMonitors()
        let p = pid("a", 1)
        _ = state.joinLocal("g", .one(p), monitoring: monitors)
        state.sync(from: peer, groups: [], monitoring: monitors)
        #expect(state.peers[peer]?.told == false)
        let (result, relayed) = state.leaveLocal("g", .one(p), monitoring: monitors)
        #expect(result == .ok && relayed.isEmpty)
        #expect(
            state.discover(from: peer, monitoring: monitors) == [Outgoing(to: peer, .sync(peer: state.me, groups: []))])
        try state.checkInvariants()
    }

    /// R2: a sync sends each group's pids in descending order, a pid's entries side by side.
    @Test func allLocalPidsListsEachGroupInDescendingPidOrder() {
        var state = freshState()
        let monitors = FakeMonitors()
        let (p1, p2, p3) = (pid("a", 1), pid("a", 2), pid("a", 3))
        _ = state.joinLocal("g", .one(p1), monitoring: monitors)
        _ = state.joinLocal("g", .one(p2), monitoring: monitors)
        _ = state.joinLocal("g", .list([p3, p1]), monitoring: monitors)
        #expect(state.table.members(of: "g") == [p3, p1, p2, p1])
        #expect(state.allLocalPids() == [GroupSnapshot(name: "g", members: [p3, p2, p1, p1])])
    }

    /// D3 and Q3: a sync replaces the sender's record, group by group; with a subscriber watching.
    @Test func aSyncReplacesTheSendersRecordGroupByGroup() throws {
        var state = freshState()
        let monitors = FakeMonitors()
        let watcher = pid("a", 7)
        let subscription = state.monitorScope(subscriber: watcher, monitoring: monitors)
        let (q, r) = (pid("b", 1), pid("b", 2))
        state.sync(
            from: peer,
            groups: [
                GroupSnapshot(name: "same", members: [q]), GroupSnapshot(name: "changed", members: [q, r]),
                GroupSnapshot(name: "dropped", members: [r]),
            ], monitoring: monitors)
        state.sync(
            from: peer,
            groups: [
                GroupSnapshot(name: "same", members: [q]), GroupSnapshot(name: "changed", members: [r]),
                GroupSnapshot(name: "new", members: [q, q]),
            ], monitoring: monitors)
        #expect(state.table.groups() == ["changed", "new", "same"])
        #expect(state.table.members(of: "changed") == [r] && state.table.members(of: "new") == [q, q])
        let notes = subscription.notifications.drain().map { "\($0.action.rawValue) \($0.group) \($0.pids)" }
        #expect(
            notes == [
                "join same [\(q)]", "join changed [\(q), \(r)]", "join dropped [\(r)]",
                "join new [\(q), \(q)]", "leave dropped [\(r)]",
            ])
        #expect(monitors.monitored == [watcher, peer], "the unknown sender is monitored once")
        try state.checkInvariants()
    }

    /// What chapter 6's merge would make of the same second report: it adds what is missing and
    /// removes nothing, so `changed` keeps q and `dropped` stays — anomaly A2's and A1's root.
    @Test func pg2sMergeOfTheSameReportWouldKeepWhatTheSenderLeftOut() {
        let (q, r) = (pid("b", 1), pid("b", 2))
        #expect(Merge.difference([r], [q, r]) == [], "pg2: nothing to add to [q, r], and nothing is ever removed")
        var record = PeerState(ref: FakeMonitors().monitor(peer), groups: ["changed": [q, r]])
        record.groups = ["changed": [r]]  // pg: the report is the record
        #expect(record.groups["changed"] == [r])
    }

    /// D7, received: a leave naming a group the peer never reported throws `{badkey, Group}` —
    /// after the table was changed, as pg's is.
    @Test func aLeaveNamingAnUnreportedGroupThrowsAfterApplyingIt() {
        var state = freshState()
        let monitors = FakeMonitors()
        let q = pid("b", 1)
        state.sync(from: peer, groups: [GroupSnapshot(name: "h", members: [q])], monitoring: monitors)
        #expect(throws: UnannouncedGroup(group: "never")) {
            try state.leave(from: peer, .one(q), groups: ["h", "never"])
        }
        #expect(state.table.groups() == [])
    }

    /// M5: a process that subscribed and then joined exits: two DOWNs, each to its own record.
    @Test func aSubscriberThatIsAlsoAMemberHasTwoMonitorsEachWithItsOwnDown() throws {
        var state = freshState()
        let monitors = FakeMonitors()
        let p = pid("a", 1)
        let subscription = state.monitorScope(subscriber: p, monitoring: monitors)
        _ = state.joinLocal("g", .one(p), monitoring: monitors)
        let refs = try #require(monitors.refs[p])
        #expect(refs.count == 2 && refs[0] == subscription.ref)
        _ = state.down(Down(ref: refs[0], pid: p, reason: .killed), monitoring: monitors)
        #expect(state.subscribers.isEmpty && state.table.members(of: "g") == [p])
        _ = state.down(Down(ref: refs[1], pid: p, reason: .killed), monitoring: monitors)
        #expect(state.table.groups() == [] && state.local.isEmpty)
        try state.checkInvariants()
    }
}
