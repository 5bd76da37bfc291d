import Cluster
import LocalTable
import SingleNodeServer
import TestKit
import Testing

/// Rules 1–4 of Chapters/PG2Rules.md on one node: `create`, `delete`, `join` and `leave`.
@Suite struct WriteTests {
    @Test func creatingAGroupTwiceIsOk() async throws {
        let sim = simulation(seed: 301)
        let pg2 = PG2(node: sim.addNode("a"))
        try await sim.run {
            try await pg2.create("chat")
            try await pg2.checkInvariants()
            try await pg2.create("chat")  // rule 1: idempotent, never an error
            try await pg2.checkInvariants()
            #expect(try pg2.whichGroups() == ["chat"], sim.comment)
            #expect(try pg2.members(of: "chat") == [], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    /// A spy: the node's published table has a group the server's own table lacks. Only a call to
    /// the server could put the group into the server's table, so its absence proves `create`
    /// answered from the table alone (rule 1: no lock, no message).
    @Test func creatingAnExistingGroupCallsNoServer() async throws {
        let sim = simulation(seed: 302)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        try await sim.run {
            let real = try pg2.table
            let decoy = GroupTable(localNode: a.name)
            decoy.assureGroup("lobby")
            a.publishTable(decoy, as: PG2Server.tableName)
            try await pg2.create("lobby")
            #expect(!real.hasGroup("lobby"), "create called the server for a known group — \(sim.seedNote)")
            try await pg2.create("games")  // unknown to the table: this one reaches the server
            #expect(real.hasGroup("games"), "create did not call the server — \(sim.seedNote)")
            a.publishTable(real, as: PG2Server.tableName)
            try await pg2.checkInvariants()
        }
        sim.expectNoEscapedJobs()
    }

    @Test func deletingAnUnknownGroupIsOk() async throws {
        let sim = simulation(seed: 303)
        let pg2 = PG2(node: sim.addNode("a"))
        try await sim.run {
            try await pg2.delete("nowhere")  // rule 2: ok, even for a group nobody made
            try await pg2.checkInvariants()
            #expect(try pg2.whichGroups() == [], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func deletingAGroupRemovesItsMembershipsAndReleasesTheirMonitors() async throws {
        let sim = simulation(seed: 304)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), q = a.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            try await pg2.create("h")
            for (group, pid) in [("g", p.id), ("g", p.id), ("g", q.id), ("h", p.id)] {
                try await pg2.join(group, pid)
                try await pg2.checkInvariants()
            }
            try await pg2.delete("g")  // rule 2: one leave per count, then the group goes
            try await pg2.checkInvariants()
            #expect(try pg2.whichGroups() == ["h"], sim.comment)
            #expect(try pg2.members(of: "h") == [p.id], sim.comment)
            #expect(a.monitoredPids == [p.id], "q's monitor must go with its last membership — \(sim.seedNote)")
        }
        sim.expectNoEscapedJobs()
    }

    @Test func joiningOrLeavingAnUnknownGroupThrowsNoSuchGroup() async throws {
        let sim = simulation(seed: 305)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        try await sim.run {
            await #expect(throws: PG2Error.noSuchGroup("g"), sim.comment) { try await pg2.join("g", p.id) }
            try await pg2.checkInvariants()
            await #expect(throws: PG2Error.noSuchGroup("g"), sim.comment) { try await pg2.leave("g", p.id) }
            try await pg2.checkInvariants()
            #expect(try pg2.whichGroups() == [], "rule 3: a failed join creates nothing — \(sim.seedNote)")
            #expect(a.monitoredPids == [], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func anyPidMayJoinIncludingAPidOfAnotherNode() async throws {
        let sim = simulation(seed: 306)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), remote = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", remote.id)  // rule 3: not only the caller, not only this node
            try await pg2.checkInvariants()
            try await pg2.join("g", p.id)
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [p.id, remote.id], sim.comment)
            #expect(try pg2.localMembers(of: "g") == [p.id], sim.comment)
            #expect(a.monitoredPids == [p.id, remote.id], "a monitors every member it knows — \(sim.seedNote)")
        }
        sim.kill(remote.id)  // rule 11, across the network: b's DOWN reaches a's monitor
        try await sim.settle {
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [p.id], sim.comment)
        }
    }

    @Test func joiningTwiceListsThePidTwiceAndTakesTwoLeaves() async throws {
        let sim = simulation(seed: 307)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", p.id)
            try await pg2.join("g", p.id)
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [p.id, p.id], sim.comment)
            #expect(a.monitoredPids == [p.id], "one monitor per pid, however many joins — \(sim.seedNote)")
            try await pg2.leave("g", p.id)
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [p.id], sim.comment)
            try await pg2.leave("g", p.id)
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [], sim.comment)
            #expect(a.monitoredPids == [], "the last leave releases the monitor — \(sim.seedNote)")
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 4 and OTP-7277: a leave from a group the pid is not in must not touch its monitor, or
    /// the pid would outlive its own death in the groups it *is* in.
    @Test func leavingAGroupYouAreNotInChangesNothingAndKeepsTheMonitor() async throws {
        let sim = simulation(seed: 308)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        try await sim.run {
            try await pg2.create("general")
            try await pg2.create("random")
            try await pg2.join("general", p.id)
            let before = try pg2.table.rows
            try await pg2.leave("random", p.id)  // ok, and nothing happens
            try await pg2.checkInvariants()
            #expect(try pg2.table.rows == before, sim.comment)
            #expect(a.monitoredPids == [p.id], "the monitor must survive — \(sim.seedNote)")
        }
        sim.kill(p.id)
        try await sim.settle {
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "general") == [], "a dead pid stayed a member — \(sim.seedNote)")
            #expect(try pg2.whichGroups() == ["general", "random"], sim.comment)
        }
    }
}
