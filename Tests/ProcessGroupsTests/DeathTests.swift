import ProcessGroups
import TestKit
import Testing

/// Rules 11–13 of Chapters/PG2Rules.md: members die, nodes go away; groups stay.
@Suite struct DeathTests {
    /// Rule 11: every node's own monitor fires, and each drops every membership of the pid.
    @Test func aMemberThatDiesLeavesEveryGroupOnEveryNode() async throws {
        let sim = simulation(seed: 1101)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[1].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).create("h")
            for (group, pid) in [("g", p.id), ("g", p.id), ("g", q.id), ("h", p.id)] {
                try await pg2(nodes[2]).join(group, pid)
                try await checkAll(nodes, sim)
            }
        }
        sim.kill(p.id)
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [q.id], "b": [q.id], "c": [q.id]], sim.comment)
        #expect(members(of: "h", on: nodes) == ["a": [], "b": [], "c": []], sim.comment)
        for node in nodes { #expect(node.monitoredPids == [q.id], sim.comment("\(node.name) watches only q")) }
        sim.expectNoEscapedJobs()
    }

    /// Rule 12: when a node crashes, the other nodes' monitors fire with `noconnection` and the
    /// crashed node's members vanish; the groups themselves stay, empty or not.
    @Test func membersOfACrashedNodeVanishElsewhereWhileGroupsStay() async throws {
        let sim = simulation(seed: 1102)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        let doomed = [nodes[3].spawnProcess(), nodes[3].spawnProcess()]
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try await pg2(nodes[3]).create("g")
            try await pg2(nodes[3]).create("only-d")
            for pid in doomed.map(\.id) + [p.id] { try await pg2(nodes[3]).join("g", pid) }
            try await pg2(nodes[3]).join("only-d", doomed[0].id)
            try await checkAll(nodes, sim)
        }
        sim.crash("d")
        try await settle(nodes, sim)
        let survivors = Array(nodes[0...2])
        for node in survivors {
            #expect(pg2(node).whichGroups() == ["g", "only-d"], sim.comment("rule 12: groups stay"))
            #expect(try pg2(node).members(of: "g") == [p.id], sim.comment("d's members vanished from g"))
            #expect(try pg2(node).members(of: "only-d") == [], sim.comment)
            #expect(node.monitoredPids == [p.id], sim.comment("no monitor on a dead node's pid"))
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 13: joining a pid that is already dead returns ok; every node's monitor reports
    /// `noproc` and it disappears.
    @Test func joiningADeadPidIsOkAndItVanishesEverywhere() async throws {
        let sim = simulation(seed: 1103)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[2].spawnProcess()
        sim.kill(p.id)
        let never = Pid(node: "b", serial: 999)  // no process ever had this pid
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).join("g", p.id)
            try await pg2(nodes[0]).join("g", never)
            try await checkAll(nodes, sim, agreement: .none)  // the noproc DOWNs are on their way
        }
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [], "b": [], "c": []], sim.comment)
        for node in nodes { #expect(node.monitoredPids == [], sim.comment) }
        sim.expectNoEscapedJobs()
    }

    /// Rules 12–13: a pid of an earlier incarnation of a node is dead for ever — after a crash and
    /// restart it cannot come back into a group, even if someone joins it again.
    @Test func aPidOfACrashedIncarnationCannotRejoin() async throws {
        let sim = simulation(seed: 1104)
        let first = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let process = first[2].spawnProcess()  // held: it dies with its node, not before
        let old = process.id
        try await sim.run {
            try await pg2(first[0]).create("g")
            try await pg2(first[0]).join("g", old)
            try await checkAll(first, sim)
        }
        sim.crash("c")
        try await settle(first, sim)
        let nodes = [first[0], first[1], sim.restart("c")]
        try ProcessGroups.start(on: nodes[2])
        try await settle(nodes, sim)
        try await sim.run {
            try await pg2(nodes[1]).join("g", old)
            try await checkAll(nodes, sim, agreement: .none)  // the noproc DOWNs are on their way
        }
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [], "b": [], "c": []], sim.comment)
        sim.expectNoEscapedJobs()
    }
}
