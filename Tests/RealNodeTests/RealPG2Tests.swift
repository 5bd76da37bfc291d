import Foundation
import InteropKit
import ProcessGroups
import RealNodes
import Testing

/// pg2, the final module unchanged, on real nodes in this process: writes replicate, members'
/// deaths propagate, calls to the dead fail at once. (Across OS processes and with Erlang:
/// PG2NodeProcessTests, ErlangDrivesPG2Tests.)
@Suite("pg2 on real nodes", .serialized)
struct RealPG2Tests {
    @Test("a create and a join on one node are visible on the other")
    func replicates() async throws {
        let cluster = RealCluster()
        defer { cluster.stopAll() }
        let (_, a, b) = try await cluster.pg2Pair()
        let worker = b.spawnProcess()
        let pg2a = ProcessGroups(node: a), pg2b = ProcessGroups(node: b)
        try await pg2a.create("workers")
        try await pg2a.join("workers", worker.id)
        #expect(try pg2a.members(of: "workers") == [worker.id])
        #expect(try pg2b.members(of: "workers") == [worker.id])
        #expect(try pg2b.localMembers(of: "workers") == [worker.id])
        try await pg2b.checkInvariants()
        withExtendedLifetime(worker) {}
    }

    @Test("a member's death removes it on every node")
    func memberDies() async throws {
        let cluster = RealCluster()
        defer { cluster.stopAll() }
        let (_, a, b) = try await cluster.pg2Pair()
        let worker = b.spawnProcess()
        let pg2a = ProcessGroups(node: a), pg2b = ProcessGroups(node: b)
        try await pg2a.create("g")
        try await pg2a.join("g", worker.id)
        b.exit(worker.id, reason: .killed)
        let gone = await Interop.eventually {
            ((try? pg2a.members(of: "g")) ?? [worker.id]).isEmpty
                && ((try? pg2b.members(of: "g")) ?? [worker.id]).isEmpty
        }
        #expect(gone, "\(cluster.log.all.suffix(20))")
        withExtendedLifetime(worker) {}
    }

    @Test("a call to a dead process fails with noproc, to a missing name at once")
    func callsToTheDead() async throws {
        let cluster = RealCluster()
        defer { cluster.stopAll() }
        let (_, a, b) = try await cluster.pair()
        let p = b.spawnProcess()
        let remote = try a.resolve(p.id, as: ProcessActor.self)
        #expect(try await remote.echo("hi") == "hi")
        b.exit(p.id, reason: .killed)
        await #expect(throws: CallError.noproc(p.id)) { _ = try await remote.echo("hi") }
        let nobody = try a.resolve("nobody", on: b.name, as: ProcessActor.self)
        let start = ContinuousClock.now
        await #expect(throws: CallError.noproc(Pid(named: "nobody", on: b.name))) { try await nobody.ping() }
        #expect(ContinuousClock.now - start < .seconds(2))
        withExtendedLifetime(p) {}
    }

    @Test("typed errors cross as themselves; casts arrive")
    func errorsAndCasts() async throws {
        let cluster = RealCluster()
        defer { cluster.stopAll() }
        let (_, a, b) = try await cluster.pair()
        let p = b.spawnProcess()
        let remote = try a.resolve(p.id, as: ProcessActor.self)
        await #expect(throws: ProcessError.failed("why")) { try await remote.fail("why") }
        a.cast(remote) { try await $0.remember("one") }
        a.cast(remote) { try await $0.remember("two") }
        let arrived = await Interop.eventually { (try? await p.recall()) == ["one", "two"] }
        #expect(arrived)
        withExtendedLifetime(p) {}
    }

    @Test("a lost connection: calls fail, monitors fire noconnection, pg2 drops the node's members")
    func connectionLost() async throws {
        let cluster = RealCluster()
        defer { cluster.stopAll() }
        let (nodes, a, b) = try await cluster.pg2Pair()
        let worker = b.spawnProcess()
        let pg2a = ProcessGroups(node: a)
        try await pg2a.create("g")
        try await pg2a.join("g", worker.id)
        let downs = Mailbox<Down>()
        a.monitor(worker.id, into: downs)
        nodes[0].disconnect(nodes[1].name)
        let down = await downs.next()
        #expect(down?.reason == .noconnection)
        let dropped = await Interop.eventually { ((try? pg2a.members(of: "g")) ?? [worker.id]).isEmpty }
        #expect(dropped)
        #expect(!a.connectedNodes.contains(b.name))
        withExtendedLifetime(worker) {}
    }
}
