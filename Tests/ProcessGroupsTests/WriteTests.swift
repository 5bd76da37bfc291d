import ProcessGroups
import TestKit
import Testing

/// Rules 1–4 and 9 of Chapters/PG2Rules.md: the four writes, on a connected cluster.
@Suite struct WriteTests {
    /// Rule 9: each write has reached every connected node's table by the time it returns — the
    /// checks run straight after each call, with nothing else driven in between.
    @Test func everyWriteIsVisibleOnEveryConnectedNodeWhenItReturns() async throws {
        let sim = simulation(seed: 901)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        let p = nodes[3].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            #expect(nodes.allSatisfy { pg2($0).whichGroups() == ["g"] }, sim.comment("create"))
            try await checkAll(nodes, sim)
            try await pg2(nodes[1]).join("g", p.id)
            #expect(members(of: "g", on: nodes).values.allSatisfy { $0 == [p.id] }, sim.comment("join"))
            try await checkAll(nodes, sim)
            try await pg2(nodes[2]).leave("g", p.id)
            #expect(members(of: "g", on: nodes).values.allSatisfy { $0 == [] }, sim.comment("leave"))
            try await checkAll(nodes, sim)
            try await pg2(nodes[3]).delete("g")
            #expect(nodes.allSatisfy { pg2($0).whichGroups() == [] }, sim.comment("delete"))
            try await checkAll(nodes, sim)
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 1: a group that exists locally is created again at once — no lock, no message.
    @Test func creatingAnExistingGroupSendsNothing() async throws {
        let sim = simulation(seed: 902)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await checkAll(nodes, sim)
        }
        try await sim.quiescence()
        let before = sim.trace.events.count
        try await sim.run {
            try await pg2(nodes[1]).create("g")
            try await checkAll(nodes, sim)
        }
        #expect(sim.trace.events.count == before, sim.comment("rule 1: no lock, no call"))
        #expect(nodes.allSatisfy { pg2($0).whichGroups() == ["g"] }, sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 2: deleting a group nobody has still locks and calls every server, and returns ok.
    @Test func deletingAnUnknownGroupLocksAndCallsEveryServer() async throws {
        let sim = simulation(seed: 903)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        try await sim.run {
            try await pg2(nodes[0]).delete("nowhere")
            try await checkAll(nodes, sim)
        }
        #expect(serverCalls("delete", in: sim).count == 2, sim.comment("a calls b's and c's server"))
        #expect(lockRequests(in: sim).count == 2, sim.comment("a locks on b and c"))
        #expect(nodes.allSatisfy { pg2($0).whichGroups() == [] }, sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 2: delete makes every member leave, once per count, releasing every node's monitors.
    @Test func deletingAGroupReleasesItsMembersMonitorsOnEveryNode() async throws {
        let sim = simulation(seed: 904)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[0].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).create("h")
            for pid in [p.id, p.id, q.id] { try await pg2(nodes[1]).join("g", pid) }
            try await pg2(nodes[1]).join("h", q.id)
            try await checkAll(nodes, sim)
            try await pg2(nodes[2]).delete("g")
            try await checkAll(nodes, sim)
        }
        try await settle(nodes, sim)
        for node in nodes {
            #expect(pg2(node).whichGroups() == ["h"], sim.comment)
            #expect(node.monitoredPids == [q.id], sim.comment("only q, still in h, is watched on \(node.name)"))
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 3: any pid of any node may join, from any node; joining again lists it again.
    @Test func joiningTwiceListsThePidTwiceOnEveryNode() async throws {
        let sim = simulation(seed: 905)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[2].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).join("g", p.id)  // a joins a pid of c
            try await checkAll(nodes, sim)
            try await pg2(nodes[1]).join("g", p.id)  // b joins it again
            try await checkAll(nodes, sim)
            #expect(members(of: "g", on: nodes).values.allSatisfy { $0 == [p.id, p.id] }, sim.comment)
        }
        for node in nodes {
            #expect(node.monitoredPids.filter { $0 == p.id }.count == 1, sim.comment("one monitor per pid"))
        }
        sim.expectNoEscapedJobs()
    }

    /// Rule 4: a leave takes away one membership; the last one takes the member row with it.
    @Test func leavingRemovesOneMembershipAtATime() async throws {
        let sim = simulation(seed: 906)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).join("g", p.id)
            try await pg2(nodes[0]).join("g", p.id)
            try await pg2(nodes[2]).leave("g", p.id)
            try await checkAll(nodes, sim)
            #expect(members(of: "g", on: nodes).values.allSatisfy { $0 == [p.id] }, sim.comment)
            try await pg2(nodes[2]).leave("g", p.id)
            try await checkAll(nodes, sim)
            #expect(members(of: "g", on: nodes).values.allSatisfy { $0 == [] }, sim.comment)
        }
        try await settle(nodes, sim)
        for node in nodes { #expect(node.monitoredPids == [], sim.comment("the last leave released the monitor")) }
        sim.expectNoEscapedJobs()
    }

    /// Rule 4 (OTP-7277): leaving a group one is not in changes nothing — and must not lower the
    /// pid's monitor total, or its later death would go unnoticed and it would stay a member.
    @Test func leavingAGroupOneIsNotInKeepsTheMonitor() async throws {
        let sim = simulation(seed: 907)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).create("h")
            try await pg2(nodes[0]).join("h", p.id)
            try await pg2(nodes[2]).leave("g", p.id)  // p was never in g
            try await checkAll(nodes, sim)
            #expect(members(of: "h", on: nodes).values.allSatisfy { $0 == [p.id] }, sim.comment)
        }
        sim.kill(p.id)
        try await settle(nodes, sim)
        #expect(members(of: "h", on: nodes).values.allSatisfy { $0 == [] }, sim.comment("the DOWN still came"))
        sim.expectNoEscapedJobs()
    }

    /// Rules 3 and 4: join and leave of a group this node lacks throw `noSuchGroup`, before any
    /// lock — the trace shows no message at all.
    @Test func joinAndLeaveOfAnUnknownGroupThrowWithoutALock() async throws {
        let sim = simulation(seed: 908)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        let p = nodes[1].spawnProcess()
        try await sim.quiescence()
        let before = sim.trace.events.count
        try await sim.run {
            await #expect(throws: PG2Error.noSuchGroup("g"), sim.comment) { try await pg2(nodes[0]).join("g", p.id) }
            await #expect(throws: PG2Error.noSuchGroup("g"), sim.comment) { try await pg2(nodes[0]).leave("g", p.id) }
            try await checkAll(nodes, sim)
        }
        #expect(sim.trace.events.count == before, sim.comment("no lock, no call"))
        sim.expectNoEscapedJobs()
    }
}
