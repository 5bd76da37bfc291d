import Cluster
import TestKit
import Testing

/// Exactly one DOWN per monitor, for every reason, local and remote.
@Suite struct MonitorTests {
    @Test func killingAMonitoredProcessGivesExactlyOneKilledDown() async throws {
        let sim = simulation(seed: 11)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let downs = Mailbox<Down>()
        try await sim.run {
            let remote = a.monitor(p.id, into: downs)
            let local = b.monitor(p.id, into: downs)
            try await b.resolve(p.id, as: ProcessActor.self).ping()
            _ = try await a.resolve(p.id, as: ProcessActor.self).echo("monitor is set")  // FIFO: the monitor went first
            sim.kill(p.id)
            let first = await downs.next()!, second = await downs.next()!
            #expect(Set([first.ref, second.ref]) == Set([remote, local]), sim.comment)
            #expect(first.reason == .killed && second.reason == .killed, sim.comment)
        }
        sim.kill(p.id)  // a second kill of a dead pid changes nothing
        try await sim.quiescence()
        #expect(downs.count == 0, "exactly one DOWN per monitor — \(sim.seedNote)")
    }

    @Test func aProcessReleasedByEveryoneEndsNormally() async throws {
        let sim = simulation(seed: 12)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let downs = Mailbox<Down>()
        var p: ProcessActor? = b.spawnProcess()
        let pid = p!.id
        try await sim.run { _ = try await a.resolve(pid, as: ProcessActor.self).echo("hello") }
        a.monitor(pid, into: downs)
        try await sim.quiescence()
        p = nil  // deinit: the process finishes
        try await sim.quiescence()
        #expect(downs.drain().map(\.reason) == [.normal], sim.comment)
        #expect(!b.isAlive(pid))
    }

    @Test func monitoringADeadPidGivesNoproc() async throws {
        let sim = simulation(seed: 13)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        sim.kill(p.id)
        let downs = Mailbox<Down>()
        a.monitor(p.id, into: downs)  // remote and dead
        b.monitor(p.id, into: downs)  // local and dead
        b.monitor(Pid(node: "b", serial: 99), into: downs)  // never existed
        try await sim.quiescence()
        #expect(downs.drain().map(\.reason) == [.noproc, .noproc, .noproc], sim.comment)
    }

    @Test func losingTheConnectionGivesNoconnectionOnce() async throws {
        let sim = simulation(seed: 14)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        let downs = Mailbox<Down>()
        try await sim.run {
            a.monitor(p.id, into: downs)
            _ = try await a.resolve(p.id, as: ProcessActor.self).echo("set")
        }
        sim.partition(["a"], ["b"])
        try await sim.quiescence()
        sim.kill(p.id)  // dies while unreachable: a must not hear of it twice
        sim.heal()
        try await sim.quiescence()
        #expect(downs.drain().map(\.reason) == [.noconnection], sim.comment)
    }

    @Test func monitoringAPidOnAnUnconnectedNodeGivesNoconnection() async throws {
        let sim = simulation(seed: 15)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        sim.disconnect("a", "b")
        let downs = Mailbox<Down>()
        a.monitor(p.id, into: downs)
        try await sim.quiescence()
        #expect(downs.drain().map(\.reason) == [.noconnection], sim.comment)
    }

    @Test func demonitorWithFlushLeavesNoDown() async throws {
        let sim = simulation(seed: 16)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = a.spawnProcess(), q = b.spawnProcess()
        let downs = Mailbox<Down>()
        let local = a.monitor(p.id, into: downs)
        let remote = a.monitor(q.id, into: downs)
        try await sim.quiescence()
        sim.kill(p.id)
        try await sim.quiescence()
        #expect(downs.count == 1)
        a.demonitor(local, flush: downs)  // the DOWN already queued is flushed
        a.demonitor(remote)  // and the remote one is never sent
        sim.kill(q.id)
        try await sim.quiescence()
        #expect(downs.count == 0, sim.comment)
        #expect(a.monitoredPids.isEmpty)
    }

    @Test func downsFromALostConnectionComeBeforeItsNodedown() async throws {
        let sim = simulation(seed: 17)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p1 = b.spawnProcess(), p2 = b.spawnProcess()
        let order = Mailbox<String>()
        let events = a.nodeEvents()
        try await sim.run {
            _ = await events.next()  // nodeup b
            for p in [p1, p2] {
                a.monitor(p.id) { order.send("\($0.reason) \($0.pid)") }
                _ = try await a.resolve(p.id, as: ProcessActor.self).echo("set")
            }
            sim.crash("b")
            order.send("\(await events.next()!)")
        }
        #expect(order.drain() == ["noconnection <b.1>", "noconnection <b.2>", "nodedown b"], sim.comment)
    }
}
