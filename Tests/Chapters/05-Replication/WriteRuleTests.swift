import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// Rules 1–3 of Chapters/PG2Rules.md across a cluster: what a write checks on the caller's node
/// before it takes the lock, and what it does anyway.
@Suite struct WriteRuleTests {
    /// Rule 1: the group exists here, so `create` answers from the table.
    @Test func creatingAnExistingGroupSendsNothing() async throws {
        let sim = simulation(seed: 511)
        let nodes = sim.cluster("a", "b", "c")
        try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
            try await pg2.create("chat")
            let before = sim.trace.lines.count
            try await pg2.create("chat")
            #expect(sim.lines(since: before) == [], "no lock, no call, no transaction process — \(sim.seedNote)")
            #expect(try groupsEverywhere(on: nodes) == [["chat"], ["chat"], ["chat"]], sim.comment)
            try await checkInvariants(on: nodes)
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 1, by a spy: another requester holds `pg2:chat` on every node. A `create` that asked
    /// for the lock would wait for it; one that answers from the table returns at once.
    @Test func creatingAnExistingGroupTakesNoLock() async throws {
        let sim = simulation(seed: 512)
        let nodes = sim.cluster("a", "b")
        let other = nodes[1].spawnProcess()
        let returned = Flag()
        let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
        let held = LockID(resource: ReplicatedPG2<PG2Server>.lockResource("chat"), requester: other.id)
        try await sim.run {
            try startServers(on: nodes)
            try await pg2.create("chat")
            for node in nodes {
                #expect(try await LockServer.ensureStarted(on: node).setLock(held, holder: other.id), sim.comment)
            }
        }
        nodes[0].spawn {
            try await pg2.create("chat")
            returned.raise()
        }
        try await sim.run(for: .seconds(1))
        #expect(returned.isRaised, "create waited for a lock it must not take — \(sim.seedNote)")
        try await sim.run {
            for node in nodes { try await LockServer.ensureStarted(on: node).deleteLock(held, holder: other.id) }
        }
        try await sim.settle { try await checkInvariants(on: nodes) }
    }

    /// Rule 2: `delete` checks nothing — three rounds even for a group no node has.
    @Test func deletingAnUnknownGroupStillLocksAndCallsEveryNode() async throws {
        let sim = simulation(seed: 513)
        let nodes = sim.cluster("a", "b", "c")
        try await sim.run {
            try startServers(on: nodes)
            let before = sim.trace.lines.count
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).delete("nowhere")
            let sent = calls(in: sim.lines(since: before))
            for peer in ["b", "c"] {
                let mine = sent.filter { $0.hasPrefix("a -> \(peer) ") }
                #expect(
                    mine == ["a -> \(peer) setLock", "a -> \(peer) delete", "a -> \(peer) deleteLock"], sim.comment)
            }
            #expect(try groupsEverywhere(on: nodes) == [[], [], []], sim.comment)
            try await checkInvariants(on: nodes)
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 3: the group is checked in the caller's own table — even when every other node has it.
    @Test func joiningAGroupThisNodeLacksThrowsAndSendsNothing() async throws {
        let sim = simulation(seed: 514)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[0].spawnProcess()
        try await sim.run { try startServers(on: nodes) }
        sim.partition(["a"], ["b", "c"])
        try await sim.run { try await ReplicatedPG2<PG2Server>(node: nodes[1]).create("chat") }
        sim.heal()
        try await sim.settle {
            let before = sim.trace.lines.count
            await #expect(throws: PG2Error.noSuchGroup("chat"), sim.comment) {
                try await ReplicatedPG2<PG2Server>(node: nodes[0]).join("chat", p.id)
            }
            #expect(sim.lines(since: before) == [], "no lock, no call — \(sim.seedNote)")
            #expect(try groupsEverywhere(on: nodes) == [[], ["chat"], ["chat"]], sim.comment)
            try await checkInvariants(on: nodes)
        }
    }

    /// Rule 3: any pid may join — here a pid of c, joined from a — and every node monitors it.
    @Test func aPidOfAnyNodeMayJoinAndEveryNodeMonitorsIt() async throws {
        let sim = simulation(seed: 515)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[2].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
            try await pg2.create("chat")
            try await pg2.join("chat", p.id)
            #expect(try membersEverywhere("chat", on: nodes) == [[p.id], [p.id], [p.id]], sim.comment)
            #expect(
                try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).localMembers(of: "chat") }
                    == [[], [], [p.id]], sim.comment)
            for node in nodes {
                #expect(node.monitoredPids == [p.id], "each node holds its own monitor — \(sim.seedNote)")
            }
            try await checkInvariants(on: nodes)
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 3: a second join counts — the pid is listed twice, on every node, with one monitor.
    @Test func joiningTwiceCountsTwoOnEveryNode() async throws {
        let sim = simulation(seed: 516)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
            try await pg2.create("chat")
            try await pg2.join("chat", p.id)
            try await checkInvariants(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[2]).join("chat", p.id)
            #expect(try membersEverywhere("chat", on: nodes) == Array(repeating: [p.id, p.id], count: 3), sim.comment)
            try await checkInvariants(on: nodes)
            for node in nodes {
                #expect(node.monitoredPids == [p.id], "one monitor per pid — \(sim.seedNote)")
            }
        }
        sim.expectNoEscapedJobs()
    }
}
