import Cluster
import Exchange
import LocalTable
import Monitors
import MonitorsTestKit
import SingleNodeServer
import Testing

/// Rule 14's merge, without a cluster: ``Merge/difference(_:_:)`` (Erlang's `--`) and
/// ``Merge/store(_:into:monitoring:)`` (pg2's `store`) over one server's state.
@Suite struct MergeTests {
    let p = Pid(node: "a", serial: 1)
    let q = Pid(node: "b", serial: 2)
    let r = Pid(node: "c", serial: 3)

    // MARK: The list difference

    @Test func eachLocalEntryCancelsOneRemoteEntry() {
        #expect(Merge.difference([p, p, q], [p]) == [p, q])
        #expect(Merge.difference([p, p], [p, p, p]) == [])
        #expect(Merge.difference([p, q, p], [p, p]) == [q])
    }

    @Test func localEntriesMissingRemotelyAreIgnored() {
        #expect(Merge.difference([q], [p, r]) == [q])
        #expect(Merge.difference([], [p]) == [])
        #expect(Merge.difference([p, q], []) == [p, q])
    }

    @Test func theRemainingRemoteEntriesKeepTheirOrder() {
        #expect(Merge.difference([r, p, q, p], [p]) == [r, q, p])
    }

    // MARK: The store

    /// A server state of node a, with `groups` and their joins (no node runs it: the monitors are
    /// a fake that counts).
    func core(on node: Node, _ groups: [GroupName: [Pid]], _ monitors: FakeMonitors) -> Memberships {
        let core = Memberships(node: node, server: Pid(node: node.name, serial: 999))
        for (name, pids) in groups.sorted(by: { $0.key < $1.key }) {
            core.create(name)
            for pid in pids { core.join(name, pid, monitoring: monitors) }
        }
        return core
    }

    @Test func aPidsCountBecomesTheMaximumOfLocalAndRemote() throws {
        let sim = Simulation(seed: 601)
        let monitors = FakeMonitors()
        let core = core(on: sim.addNode("a"), ["g": [p, q, q, q]], monitors)
        let remote = [GroupSnapshot(name: "g", members: [p, p, p, q, r])]
        Merge.store(remote, into: core, monitoring: monitors)
        try core.checkInvariants()
        // p: max(1, 3) = 3; q: max(3, 1) = 3; r: max(0, 1) = 1 — never the sum.
        #expect(core.table.rows.members(of: "g") == [p, p, p, q, q, q, r])
    }

    @Test func missingGroupsAreCreatedEvenWhenEmpty() throws {
        let sim = Simulation(seed: 602)
        let monitors = FakeMonitors()
        let core = core(on: sim.addNode("a"), [:], monitors)
        let remote = [GroupSnapshot(name: "empty", members: []), GroupSnapshot(name: "g", members: [q])]
        Merge.store(remote, into: core, monitoring: monitors)
        try core.checkInvariants()
        #expect(core.table.rows.allGroups == ["empty", "g"])
        #expect(core.table.rows.members(of: "empty") == [])
        #expect(core.table.rows.members(of: "g") == [q])
    }

    @Test func theStoreRemovesNothing() throws {
        let sim = Simulation(seed: 603)
        let monitors = FakeMonitors()
        let core = core(on: sim.addNode("a"), ["g": [p, p, q], "mine": [r]], monitors)
        let before = core.table.rows
        // The peer lacks "mine", lacks q, and has p only once: none of that is a reason to remove.
        Merge.store([GroupSnapshot(name: "g", members: [p])], into: core, monitoring: monitors)
        try core.checkInvariants()
        #expect(core.table.rows == before)
    }

    @Test func newlyLearntPidsAreMonitoredOnce() throws {
        let sim = Simulation(seed: 604)
        let monitors = FakeMonitors()
        let core = core(on: sim.addNode("a"), ["g": [p]], monitors)
        let remote = [GroupSnapshot(name: "g", members: [p, q, q]), GroupSnapshot(name: "h", members: [q, r])]
        Merge.store(remote, into: core, monitoring: monitors)
        try core.checkInvariants()
        #expect(monitors.monitored == [p, q, r], "one monitor per distinct pid, p's taken before the merge")
        #expect(core.monitors.byPid[q]?.total == 3, "q: twice in g, once in h")
    }

    @Test func mergingTheSameTableTwiceChangesNothingMore() throws {
        let sim = Simulation(seed: 605)
        let monitors = FakeMonitors()
        let core = core(on: sim.addNode("a"), ["g": [p]], monitors)
        let remote = [GroupSnapshot(name: "g", members: [p, q, q]), GroupSnapshot(name: "h", members: [])]
        Merge.store(remote, into: core, monitoring: monitors)
        let once = core.table.rows
        Merge.store(remote, into: core, monitoring: monitors)
        try core.checkInvariants()
        #expect(core.table.rows == once)
    }
}
